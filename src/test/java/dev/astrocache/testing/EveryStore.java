package dev.astrocache.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test once over each built-in store, {@code memory}, {@code file} and {@code tiered}
 * (the file store in front of the http store on a {@link LoopbackWebDav}), the way Caffeine's
 * {@code @CacheSpec} runs one test over many cache setups. The test takes a {@link StoreSetup}
 * and builds its caches with it:
 *
 * <pre>{@code
 * @EveryStore
 * void wrap_secondCallIsAHit(StoreSetup store) {
 *   Cache cache = store.cache(dir);
 *   ...
 * }
 * }</pre>
 *
 * Tests about one store only (a full disk, the file store's quarantine) stay plain {@code @Test}s.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(StoreSetup.Provider.class)
public @interface EveryStore {
  /**
   * Only the stores whose entries outlive the cache that wrote them ({@code file},
   * {@code tiered}), for tests where a new cache on the same directory must hit.
   */
  boolean durable() default false;
}
