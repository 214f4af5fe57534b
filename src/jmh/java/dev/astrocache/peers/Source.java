package dev.astrocache.peers;

/** What astrocache wraps in the suite: a value by its name. */
public interface Source {
  Object value(String name, Query q);
}
