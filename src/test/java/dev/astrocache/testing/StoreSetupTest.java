package dev.astrocache.testing;

import static dev.astrocache.testing.StatsAssert.assertStats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setups that {@link EveryStore} tests run over are the stores they claim to be. */
class StoreSetupTest {
  @TempDir Path dir;

  public interface Doubler {
    int twice(int x);
  }

  @Test
  void tiered_writesThroughToTheLoopbackServerAndReadsBackFromIt() throws Exception {
    Calls calls = new Calls();
    IntUnaryOperator impl = x -> {
      calls.incrementAndGet();
      return 2 * x;
    };
    try (LoopbackWebDav remote = LoopbackWebDav.start()) {
      try (StoreSetup tiered = StoreSetup.tiered(remote)) {
        Cache cache = tiered.cache(dir.resolve("a"));
        assertEquals(6, cache.wrap(Doubler.class, impl::applyAsInt).twice(3));
      }
      assertEquals(1, remote.size(), "objects on the server once the cache is closed");
      // another local folder, the same remote folder: only the server has the entry
      Cache other = Astrocache.builder().directory(dir.resolve("b")).store("tiered")
          .setting("remote.url", remote.url() + StoreSetup.folder(dir.resolve("a")))
          .setting("remote.secret", StoreSetup.SECRET)
          .build();
      try (other) {
        assertEquals(6, other.wrap(Doubler.class, impl::applyAsInt).twice(3));
        assertStats(other).hits(1).misses(0);
      }
      assertEquals(1, calls.get());
    }
  }

  @Test
  void memoryAndFile_areTheStoresTheyName() {
    assertEquals("memory", StoreSetup.memory().name());
    assertEquals("file", StoreSetup.file().name());
    Calls calls = new Calls();
    Doubler impl = x -> calls.incrementAndGet() * 0 + 2 * x;
    for (StoreSetup setup : new StoreSetup[] {StoreSetup.memory(), StoreSetup.file()}) {
      try (setup) {
        setup.cache(dir).wrap(Doubler.class, impl).twice(1);
        setup.cache(dir).wrap(Doubler.class, impl).twice(1);
      }
    }
    // memory: computed by each of its two caches; file: the second cache hits
    assertEquals(3, calls.get());
  }
}
