package dev.astrocache;

import dev.astrocache.base.Maps;
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
    return c != null ? c : Maps.putIfAbsent(byFunction, function, new Counters());
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
