package dev.astrocache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a value out of the call key.
 *
 * <ul>
 *   <li>On a parameter of a method of a wrapped interface: that argument is not part of the key,
 *       so calls that differ only there share one entry. For arguments that do not change the
 *       result: a progress listener, a {@code Logger}, a verbosity flag.
 *   <li>On a field of the implementation, or of any object its state holds, or on a component of
 *       a record it holds: that value is not part of the state, as if the field were {@code
 *       transient}, while the code of what it holds still counts. For a value that must not
 *       change the key (a config record's API key, whose rotation would otherwise recompute every
 *       call) in a field that must not be {@code transient}.
 * </ul>
 *
 * <p>A wrong use is a wrong hit: annotate only what the result does not depend on.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface NotKey {}
