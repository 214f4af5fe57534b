package dev.astrocache;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live counters behind {@link CacheStats}: the totals (these fields), and the same counters
 * per function, made on a function's first call. The call path counts each event in both.
 */
final class Stats extends Counters {
  private final ConcurrentHashMap<String, Counters> byFunction = new ConcurrentHashMap<>();

  /** The counters of {@code function}, made on first use. */
  Counters of(String function) {
    Counters c = byFunction.get(function);
    if (c == null) {
      // not computeIfAbsent with a lambda: a fresh JVM's first call comes here (issue 13)
      Counters made = new Counters();
      c = byFunction.putIfAbsent(function, made);
      if (c == null) {
        c = made;
      }
    }
    return c;
  }

  /** The totals, with each function's counters under its name, sorted. */
  CacheStats snapshot() {
    Map<String, CacheStats> each = new TreeMap<>();
    for (Map.Entry<String, Counters> e : byFunction.entrySet()) {
      each.put(e.getKey(), e.getValue().snapshot(Map.of()));
    }
    return snapshot(each);
  }
}
