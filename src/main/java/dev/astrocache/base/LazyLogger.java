package dev.astrocache.base;

import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that asks {@link System#getLogger} for the real one at its first use.
 * The JDK gives lazy loggers to its own modules only: for a library, {@code System.getLogger}
 * finds the logger finder and, with {@code java.logging}, sets up the {@code LogManager}, about
 * 40 ms of a fresh JVM (issue 13), which a call that logs nothing should not pay.
 */
public final class LazyLogger implements System.Logger {
  private final String name;
  private volatile System.Logger logger;

  private LazyLogger(String name) {
    this.name = name;
  }

  /** The logger of that name, made when something is first logged or asked of it. */
  public static System.Logger of(String name) {
    return new LazyLogger(name);
  }

  private System.Logger logger() {
    System.Logger l = logger;
    if (l == null) {
      l = System.getLogger(name);
      logger = l;
    }
    return l;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return logger().isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    logger().log(level, bundle, msg, thrown);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    logger().log(level, bundle, format, params);
  }
}
