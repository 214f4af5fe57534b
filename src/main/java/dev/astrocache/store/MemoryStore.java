package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bounded LRU map of entries. Each entry is charged its length plus {@link #OVERHEAD} for the
 * key, the map node and the array header, so that many tiny entries cannot grow the heap without
 * bound. Entries are copied in and out: a caller that changes its array afterwards does not
 * change what is stored.
 */
final class MemoryStore implements Store {
  /** Approximate heap bytes of one entry besides its content. */
  static final int OVERHEAD = 256;

  private final long maxBytes;
  private final LinkedHashMap<EntryKey, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  MemoryStore(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public byte[] get(EntryKey key) {
    Objects.requireNonNull(key, "key == null");
    byte[] entry;
    synchronized (this) {
      entry = entries.get(key);
    }
    return entry == null ? null : entry.clone();
  }

  @Override
  public synchronized boolean contains(EntryKey key) {
    Objects.requireNonNull(key, "key == null");
    return entries.containsKey(key);
  }

  /** Stores a copy; an entry larger than the whole cap is not kept (and replaces nothing). */
  @Override
  public void put(EntryKey key, byte[] entry) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    long cost = cost(entry);
    byte[] copy = entry.clone();
    synchronized (this) {
      byte[] old = entries.remove(key);
      if (old != null) {
        bytes -= cost(old);
      }
      if (cost > maxBytes) {
        return;
      }
      entries.put(key, copy);
      bytes += cost;
      Iterator<Map.Entry<EntryKey, byte[]>> eldest = entries.entrySet().iterator();
      while (bytes > maxBytes) {
        bytes -= cost(eldest.next().getValue());
        eldest.remove();
      }
    }
  }

  /** Removes the entry if it still holds {@code badBytes}. */
  @Override
  public synchronized void quarantine(EntryKey key, byte[] badBytes) {
    if (java.util.Arrays.equals(entries.get(key), badBytes)) {
      quarantine(key);
    }
  }

  @Override
  public synchronized void quarantine(EntryKey key) {
    byte[] old = entries.remove(key);
    if (old != null) {
      bytes -= cost(old);
    }
  }

  @Override
  public synchronized boolean remove(EntryKey key) {
    byte[] old = entries.remove(key);
    if (old != null) {
      bytes -= cost(old);
    }
    return old != null;
  }

  @Override
  public synchronized List<EntryKey> entries(String function) {
    List<EntryKey> keys = new ArrayList<>();
    for (EntryKey k : entries.keySet()) {
      if (k.function().equals(function)) {
        keys.add(k);
      }
    }
    return keys;
  }

  @Override
  public synchronized void close() {
    entries.clear();
    bytes = 0;
  }

  /** Bytes charged for the entries held now. */
  synchronized long bytes() {
    return bytes;
  }

  private static long cost(byte[] entry) {
    return (long) entry.length + OVERHEAD;
  }

  @Override
  public synchronized String toString() {
    return "MemoryStore[" + entries.size() + " entries, " + bytes + " of " + maxBytes + " bytes]";
  }
}
