package p;

/** The same program without the cache. */
public final class Bare {
  public static void main(String[] args) {
    Prices prices = new SlowPrices();
    System.out.println(prices.quote("widget", 3));
  }
}
