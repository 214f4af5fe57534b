package dev.astrocache;

import dev.astrocache.base.Classes;
import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.ImplState;
import dev.astrocache.codec.UnencodableValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The impl's state as the front reads it: once at {@code wrap}, where an impl whose fields
 * cannot be read is refused and what counts by its class only is warned about (an error in
 * strict mode), and then on every call, where only its mutable fields are read again.
 */
final class StateReading {
  private StateReading() {}

  /**
   * Reads {@code impl}'s state for a wrap.
   *
   * @throws IllegalArgumentException if its fields cannot be read, naming the opens line to add
   * @throws IllegalStateException in strict mode, if part of it counts by its class only
   */
  static ImplState open(DefaultCache cache, CanonicalEncoder encoder, Object impl) {
    ImplState state;
    try {
      state = encoder.state(impl);
    } catch (UnencodableValueException e) {
      throw new IllegalArgumentException("astrocache cannot wrap " + e.type().getName() + ": "
          + e.reason() + ". " + e.fix(), e);
    }
    for (ImplState.Unreadable u : state.unreadable()) {
      report(cache.failures, impl, u);
    }
    for (ImplState.Costly c : state.costly()) {
      cache.failures.warnOnce("state-cost:" + impl.getClass().getName() + "." + c.field(),
          "astrocache: this." + c.field() + " of " + impl.getClass().getName() + " is read again"
          + " on every call (" + String.format("%,d", c.bytes()) + " bytes), since "
          + c.type().getName() + " can change. If it does not change after wrap, hold an"
          + " immutable copy (Map.copyOf, List.copyOf, a record) in a final field.");
    }
    return state;
  }

  /**
   * The state part of a call's key; adds the classes it holds to {@code seeds}.
   *
   * @throws UnencodableValueException naming the path inside the impl of what cannot be encoded
   */
  static byte[] read(CachingHandler h, Set<Class<?>> seeds) throws UnencodableValueException {
    List<ImplState.Unreadable> found = new ArrayList<>(0);
    byte[] state = h.state.encode(seeds, found);
    for (ImplState.Unreadable u : found) {
      report(h.cache.failures, h.impl, u);
    }
    return state;
  }

  private static void report(FailurePolicy failures, Object impl, ImplState.Unreadable u) {
    String type = CanonicalEncoder.stableName(u.type());
    String pkg = u.type().getPackageName();
    Module m = u.type().getModule();
    String message = "astrocache: this" + u.path() + " of " + impl.getClass().getName()
        + " counts by its class only, since ";
    if (!Classes.isJdk(u.type()) && m.isNamed()
        && !m.isOpen(pkg, StateReading.class.getModule())) {
      message += "package " + pkg + " of module " + m.getName() + " is not open to astrocache ("
          + type + "): impls that differ there share entries. Add 'opens " + pkg
          + " to dev.astrocache;' to its module-info.java, or mark the field transient.";
    } else {
      message += u.reason() + " (" + type + "): impls that differ there share entries. Hold a"
          + " value instead (such as a record), or mark the field transient.";
    }
    String warning = message;
    failures.failed("state:" + impl.getClass().getName() + u.path() + ":" + type, warning,
        () -> new IllegalStateException(warning + " (strict mode)"));
  }
}
