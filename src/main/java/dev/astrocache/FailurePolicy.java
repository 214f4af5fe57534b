package dev.astrocache;

import dev.astrocache.base.LazyLogger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a failure that a call can survive (a store that cannot be opened, read or written, a
 * result that cannot be serialized, code whose bytes cannot be read) does: in strict mode it
 * throws; otherwise the call goes on uncached, the first failure of each cause is logged and the
 * later ones are only counted in {@link Stats}.
 */
final class FailurePolicy {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache");

  private final boolean strict;
  private final Stats stats;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  FailurePolicy(boolean strict, Stats stats) {
    this.strict = strict;
    this.stats = stats;
  }

  /**
   * A failure counted in {@code stats().errors()}: see {@link #failed}.
   */
  void error(String cause, String warning, Supplier<? extends RuntimeException> strictError) {
    stats.errors.increment();
    failed(cause, warning, strictError);
  }

  /**
   * In strict mode throws what {@code strictError} makes; otherwise logs {@code warning} the first
   * time {@code cause} is seen (never if {@code warning} is null) and returns.
   */
  void failed(String cause, String warning, Supplier<? extends RuntimeException> strictError) {
    if (strict) {
      throw strictError.get();
    }
    if (warning != null) {
      warnOnce(cause, warning);
    }
  }

  /** An entry refused or unusable: counted in {@code stats().rejected()}, logged once per cause. */
  void rejected(String cause, String warning) {
    stats.rejected.increment();
    warnOnce(cause, warning);
  }

  /** Logs {@code message} the first time {@code cause} is seen, in strict mode too. */
  void warnOnce(String cause, String message) {
    if (warned.add(cause)) {
      LOG.log(Level.WARNING, message);
    }
  }
}
