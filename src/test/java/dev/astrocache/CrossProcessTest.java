package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result computed in one JVM is a hit in the next, configured by a system property alone. */
class CrossProcessTest {
  @TempDir Path dir;

  public interface Weather {
    String forecast(String city, int days);
  }

  static final class SlowWeather implements Weather {
    @Override
    public String forecast(String city, int days) {
      System.out.println("computed " + city);
      return city + ": sunny for " + days + " days";
    }
  }

  /** Child JVM main: one call, then the stats. */
  public static final class Main {
    public static void main(String[] args) {
      Weather w = Astrocache.wrap(Weather.class, new SlowWeather());
      System.out.println("result " + w.forecast(args[0], 3));
      CacheStats s = Astrocache.defaultCache().stats();
      System.out.println("hits=" + s.hits() + " misses=" + s.misses());
    }
  }

  @Test
  void secondJvm_isAHit() {
    Map<String, String> props = Map.of("astrocache.dir", dir.toString());
    ChildJvm.Result first = ChildJvm.run(Main.class.getName(), List.of(), props, "Oslo");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("computed Oslo\n"), first.output());
    assertTrue(first.output().contains("result Oslo: sunny for 3 days\nhits=0 misses=1\n"),
        first.output());

    ChildJvm.Result second = ChildJvm.run(Main.class.getName(), List.of(), props, "Oslo");
    assertEquals(0, second.exitCode(), second.output());
    assertFalse(second.output().contains("computed"), second.output());
    assertTrue(second.output().contains("result Oslo: sunny for 3 days\nhits=1 misses=0\n"),
        second.output());

    ChildJvm.Result other = ChildJvm.run(Main.class.getName(), List.of(), props, "Rome");
    assertTrue(other.output().contains("computed Rome\n"), other.output());
  }

  /** Child JVM main: a cached proxy wrapped by a second cache layer, one call, then the stats. */
  public static final class Layered {
    public static void main(String[] args) {
      Weather inner = Astrocache.wrap(Weather.class, new SlowWeather());
      Weather outer = Astrocache.wrap(Weather.class, inner);
      System.out.println("result " + outer.forecast(args[0], 3));
      CacheStats s = Astrocache.defaultCache().stats();
      System.out.println("hits=" + s.hits() + " misses=" + s.misses());
    }
  }

  /**
   * The outer layer's key held the inner proxy's handler with the cache's memos in it, which
   * differ from run to run: the outer layer missed in every new JVM.
   */
  @Test
  void cachedProxyWrappedAgain_isAHitInTheNextJvm() {
    Map<String, String> props = Map.of("astrocache.dir", dir.toString());
    ChildJvm.Result first = ChildJvm.run(Layered.class.getName(), List.of(), props, "Oslo");
    assertTrue(first.output().contains("hits=0 misses=2\n"), first.output());
    ChildJvm.Result second = ChildJvm.run(Layered.class.getName(), List.of(), props, "Oslo");
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("result Oslo: sunny for 3 days\nhits=1 misses=0\n"),
        second.output());
  }
}
