package dev.astrocache.store;

import dev.astrocache.EntryFrames;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main class of the child JVMs that {@link FileStoreTest} starts.
 *
 * <ul>
 *   <li>{@code mixed <store dir> <sync dir> <id> <peers> <ops>}: waits until {@code peers}
 *       children are ready, then puts and gets framed entries under eight shared keys; exits 1
 *       if any read is neither absent nor a valid frame of its key;
 *   <li>{@code writer <store dir>}: writes large framed entries under new keys from three
 *       threads until killed, printing {@code wrote <n>} after each.
 * </ul>
 */
public final class FileStoreChild {
  static final int SHARED_KEYS = 8;

  private FileStoreChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[1]);
    // the file store itself: "wrote" means on disk (WriteBehindTest kills a writer that is behind)
    try (Store store = new FileStoreProvider().open(
        new TestStoreContext(dir).set("writes", "inline"))) {
      switch (args[0]) {
        case "mixed" -> mixed(store, Path.of(args[2]), Integer.parseInt(args[3]),
            Integer.parseInt(args[4]), Integer.parseInt(args[5]), out);
        case "writer" -> writer(store, out);
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    }
  }

  static EntryKey sharedKey(int i) {
    return StoreContract.key("shared-" + i);
  }

  static EntryKey writerKey(int i) {
    return StoreContract.key("com.example.Crash.run-00000001", "v1", "crash-" + i);
  }

  /** A frame for {@code key} whose payload is {@code size} bytes from {@code seed}. */
  static byte[] frame(EntryKey key, long seed, int size) {
    return EntryFrames.frame("codec", HexFormat.of().parseHex(key.key()), seed, size,
        StoreContract.bytes(seed, size));
  }

  private static void mixed(Store store, Path sync, int id, int peers, int ops, PrintStream out)
      throws IOException, InterruptedException {
    Files.createFile(sync.resolve("ready-" + id));
    for (int i = 0; ; i++) { // all children start together, so that they do overlap
      try (var list = Files.list(sync)) {
        if (list.count() >= peers) {
          break;
        }
      }
      if (i == 6000) {
        out.println("child " + id + ": the other children were not ready within 60 s");
        System.exit(3);
      }
      Thread.sleep(10);
    }
    Random random = new Random(id);
    int puts = 0;
    int hits = 0;
    int misses = 0;
    int corrupt = 0;
    int othersHits = 0;
    for (int op = 0; op < ops; op++) {
      EntryKey key = sharedKey(random.nextInt(SHARED_KEYS));
      if (random.nextBoolean()) {
        store.put(key, frame(key, id * 1_000_000L + op, random.nextInt(48 * 1024)));
        puts++;
      } else {
        byte[] entry = store.get(key);
        if (entry == null) {
          misses++;
          continue;
        }
        try {
          long created = EntryFrames.createdMillis(entry, HexFormat.of().parseHex(key.key()));
          hits++;
          if (created / 1_000_000L != id) {
            othersHits++;
          }
        } catch (IllegalArgumentException e) {
          corrupt++;
          out.println("child " + id + ": corrupt read of " + key + ": " + e.getMessage());
        }
      }
    }
    out.println("child " + id + ": puts=" + puts + " hits=" + hits + " misses=" + misses
        + " corrupt=" + corrupt + " written-by-the-other=" + othersHits);
    if (corrupt > 0) {
      System.exit(1);
    }
  }

  /** Three threads, so that a kill finds some put half done, whenever it comes. */
  private static void writer(Store store, PrintStream out) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    for (int t = 0; t < 3; t++) {
      Thread thread = new Thread(() -> {
        Random random = new Random();
        while (true) {
          int i = next.getAndIncrement();
          EntryKey key = writerKey(i);
          byte[] frame = frame(key, i, 256 * 1024 + random.nextInt(768 * 1024));
          try {
            store.put(key, frame);
          } catch (IOException e) {
            e.printStackTrace(out);
            System.exit(2);
          }
          out.println("wrote " + i);
        }
      });
      thread.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
