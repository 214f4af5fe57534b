package dev.astrocache.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * A progress bar for work that takes longer than a second, drawn on the terminal only: when
 * {@link System#console()} says the output is not a terminal (a pipe, a file), nothing is drawn.
 * The bar redraws itself on one line at most ten times a second and is erased when the work
 * ends, so that what the command prints afterwards starts on a clean line.
 *
 * <p>The delay before the bar appears is one second; the system property {@value #DELAY_PROPERTY}
 * (milliseconds) changes it, so that a test or a demo can show the bar on a small directory.
 */
final class Progress implements AutoCloseable {
  static final String DELAY_PROPERTY = "dev.astrocache.cli.progressAfterMillis";
  private static final int WIDTH = 30;

  private final PrintWriter terminal;
  private final String what;
  private final long start = System.nanoTime();
  private final long delayNanos;
  private long total;
  private long done;
  private long lastDraw;
  private boolean drawn;

  private Progress(PrintWriter terminal, String what, long total, long delayMillis) {
    this.terminal = terminal;
    this.what = what;
    this.total = total;
    this.delayNanos = delayMillis * 1_000_000L;
  }

  /**
   * A progress over {@code total} items called {@code what} ("entries"), {@code total} negative
   * when it is not known yet; drawn only on a terminal.
   */
  static Progress start(String what, long total) {
    Console console = System.console();
    PrintWriter terminal = console != null && isTerminal(console) ? console.writer() : null;
    long delay = 1000;
    String property = System.getProperty(DELAY_PROPERTY);
    if (property != null) {
      try {
        delay = Math.max(0, Long.parseLong(property.strip()));
      } catch (NumberFormatException e) {
        // a test knob: a wrong value keeps the default
      }
    }
    return new Progress(terminal, what, total, delay);
  }

  /**
   * Whether the console is a terminal: on Java 22 and later {@code System.console()} may return
   * a console for redirected output too, and {@code Console.isTerminal()} tells (called by
   * reflection, this code is compiled for 17, where a console is always a terminal).
   */
  private static boolean isTerminal(Console console) {
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Sets the total once it is known. */
  void total(long total) {
    this.total = total;
  }

  /** One more item done. */
  void step() {
    done++;
    if (terminal == null || (done & 0xf) != 0 && done != total) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < delayNanos || drawn && now - lastDraw < 100_000_000L && done != total) {
      return;
    }
    lastDraw = now;
    drawn = true;
    StringBuilder b = new StringBuilder("\r");
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      b.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
          .append(done * 100 / total).append("% ").append(done).append('/').append(total);
    } else {
      b.append(done);
    }
    b.append(' ').append(what);
    terminal.print(b);
    terminal.flush();
  }

  /** Whether the bar was drawn. */
  boolean drawn() {
    return drawn;
  }

  @Override
  public void close() {
    if (drawn) {
      terminal.print("\r" + " ".repeat(WIDTH + 40 + what.length()) + "\r");
      terminal.flush();
    }
  }
}
