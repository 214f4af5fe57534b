import java.lang.reflect.Method;
public class Hits {
  public static void main(String[] a) throws Exception {
    Class<?> c = Class.forName("dev.astrocache.peers.PeerHitBenchmark");
    Object b = c.getDeclaredConstructor().newInstance();
    c.getField("value").set(b, a[0]);
    c.getField("peer").set(b, a.length > 2 ? a[2] : "astrocache");
    c.getMethod("setUp").invoke(b);
    Method hit = c.getMethod("hit");
    int n = Integer.parseInt(a[1]);
    long sink = 0;
    for (int i = 0; i < 200000; i++) sink += hit.invoke(b).hashCode(); // warm
    System.out.println("MARK-START");
    System.out.flush();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) sink += hit.invoke(b).hashCode();
    long t1 = System.nanoTime();
    System.out.println("MARK-END " + (t1 - t0) / n / 1000.0 + " us/hit " + (sink == 42));
    c.getMethod("tearDown").invoke(b);
    System.exit(0);
  }
}
