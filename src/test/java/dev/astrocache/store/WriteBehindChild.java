package dev.astrocache.store;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVMs of {@link WriteBehindStoreTest}: {@code <mode> <dir> <calls>} calls {@link
 * WriteBehindStoreTest.Squares#square} for {@code 0..calls-1} on a cache left open (as the default
 * cache is), prints {@code values right} (or {@code WRONG}), the stats, and then:
 *
 * <ul>
 *   <li>{@code exit}: {@code System.exit(0)}; {@code return}: returns from {@code main}; in both
 *       the background writer is held on a latch that is never released, so every entry is still
 *       waiting when the program ends and only the exit flush can write it;
 *   <li>{@code kill}: the writer is held the same way and the child prints {@code queued}, then
 *       waits to be killed;
 *   <li>{@code read}: the writer is free; the cache is closed at the end.
 * </ul>
 */
public final class WriteBehindChild {
  private WriteBehindChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String mode = args[0];
    Path dir = Path.of(args[1]);
    int calls = Integer.parseInt(args[2]);
    CountDownLatch never = new CountDownLatch(1);
    if (!mode.equals("read")) {
      WriteBehindStore.beforeWrite = key -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
    }
    WriteBehindStoreTest.Counting impl = new WriteBehindStoreTest.Counting();
    Cache cache = Astrocache.builder().directory(dir).build();
    WriteBehindStoreTest.Squares squares = cache.wrap(WriteBehindStoreTest.Squares.class, impl);
    boolean right = true;
    for (int i = 0; i < calls; i++) {
      right &= squares.square(i) == (long) i * i;
    }
    out.println(right ? "values right" : "WRONG values");
    out.println("computed " + impl.calls.get() + " hits " + cache.stats().hits() + " errors "
        + cache.stats().errors() + " rejected " + cache.stats().rejected());
    switch (mode) {
      case "exit" -> System.exit(0);
      case "return" -> { }
      case "kill" -> {
        out.println("queued");
        Thread.sleep(Long.MAX_VALUE);
      }
      case "read" -> cache.close();
      default -> throw new IllegalArgumentException(mode);
    }
  }
}
