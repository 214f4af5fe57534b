package p;

import dev.astrocache.Astrocache;

/** The first call of a fresh JVM through the cache: wrap, then one call (a hit after the first run). */
public final class Cached {
  public static void main(String[] args) {
    Prices prices = Astrocache.wrap(Prices.class, new SlowPrices());
    System.out.println(prices.quote("widget", 3));
  }
}
