import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.nio.file.Path;
import java.util.*;
public class Prog {
  public interface Src { List<Integer> value(String name, int first, int count); }
  public static final class Impl implements Src {
    public List<Integer> value(String name, int first, int count) {
      List<Integer> l = new ArrayList<>(); for (int i = 0; i < count; i++) l.add(first + i); return l; }
  }
  public static void main(String[] a) throws Exception {
    String writes = a[1]; int n = Integer.parseInt(a[2]);
    Cache c = Astrocache.builder().directory(Path.of(a[0])).setting("max.bytes", "100g")
      .setting("writes", writes).setting("durability", "none").build();
    Src s = c.wrap(Src.class, new Impl());
    s.value("x", -1, 100);
    int base = (int) (System.nanoTime() & 0xffffff) * 1000;
    // warm
    for (int i = 0; i < Integer.getInteger("warm", n); i++) s.value("w", base + i, 100);
    System.err.println("MARK-START");
    var mx = java.lang.management.ManagementFactory.getThreadMXBean(); long c0 = mx.getCurrentThreadCpuTime(); long u0 = mx.getCurrentThreadUserTime(); long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) s.value("m", base + i, 100);
    long t1 = System.nanoTime(); long c1 = mx.getCurrentThreadCpuTime(); long u1 = mx.getCurrentThreadUserTime();
    System.err.println("MARK-END " + (t1 - t0) / n / 1000.0 + " us/miss wall, cpu " + (c1 - c0) / n / 1000.0 + " us/miss, user " + (u1 - u0) / n / 1000.0);
    c.close();
  }
}
