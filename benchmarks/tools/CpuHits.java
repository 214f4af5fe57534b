// Used by benchmarks/tools/cpu-ab.sh: the median over 7 one-second rounds (after 3) of the calling
// thread's CPU time per call of a JMH benchmark's method, its @Param fields set by name.
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/** Thread CPU time per call of a JMH benchmark method, robust to a loaded machine. */
public class CpuHits {
  public static void main(String[] a) throws Exception {
    String bench = a[0]; String param = a[1]; String value = a[2]; String param2 = a[3]; String value2 = a[4];
    Class<?> c = Class.forName(bench);
    Object b = c.getDeclaredConstructor().newInstance();
    c.getField(param).set(b, value);
    c.getField(param2).set(b, value2);
    c.getMethod("setUp").invoke(b);
    var hit = c.getMethod(a.length > 5 ? a[5] : "hit");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] per = new long[7];
    long sink = 0;
    for (int r = -3; r < per.length; r++) {
      long cpu0 = mx.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      long n = 0;
      while (System.nanoTime() - wall0 < 1_000_000_000L) {
        sink += hit.invoke(b).hashCode();
        n++;
      }
      long cpu = mx.getCurrentThreadCpuTime() - cpu0;
      if (r >= 0) per[r] = cpu / n;
    }
    c.getMethod("tearDown").invoke(b);
    Arrays.sort(per);
    System.out.println(value + " " + value2 + " " + per[per.length / 2] / 1000.0 + " us-cpu " + (sink == 42 ? "!" : ""));
    System.exit(0);
  }
}
