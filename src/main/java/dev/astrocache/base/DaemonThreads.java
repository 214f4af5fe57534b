package dev.astrocache.base;

import java.util.concurrent.ThreadFactory;

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

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
