package dev.astrocache.base;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes the daemon threads of a store's or cache's executor, all of one name. A class rather
 * than a lambda: executors are made as a fresh JVM opens its first store, where each lambda
 * site spins a hidden class at its first use (issue 13, target 4).
 */
public final class DaemonThreads implements ThreadFactory {
  private final String name;

  public DaemonThreads(String name) {
    this.name = name;
  }

  /**
   * One daemon thread of that name with an unbounded queue, which ends after 10 s idle, so that
   * a store left open costs no thread (the file store's sweeper, the write-behind writer).
   */
  public static ThreadPoolExecutor oneEndingWhenIdle(String name) {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads(name));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
