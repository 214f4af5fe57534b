package dev.astrocache.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a {@link System.Logger} writes, through java.util.logging, where the JDK's
 * default {@code System.LoggerFinder} sends it.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger; // held strongly: JUL keeps loggers only weakly
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  /** Starts collecting what the logger {@code loggerName} is given, until {@link #close}. */
  public LogCapture(String loggerName) {
    logger = Logger.getLogger(loggerName);
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** The messages logged at {@code level}, in order. */
  public List<String> messages(Level level) {
    return records.stream().filter(r -> r.getLevel().equals(level))
        .map(LogRecord::getMessage).toList();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
