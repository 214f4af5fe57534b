package dev.astrocache;

import dev.astrocache.store.FileLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main class of the child JVMs that the proof tests ({@link CrashProofTest}, {@link
 * ProcessesProofTest}, {@link HostileInputProofTest}) start. Every value is derived from its
 * key, so any process can check any result it gets.
 *
 * <ul>
 *   <li>{@code crash <dir> <seed>}: two threads call {@link Big} on random keys until killed,
 *       printing {@code ready} once the proxy is made and {@code WRONG ...} for a wrong value;
 *   <li>{@code check <dir>}: reads the arguments of every entry under {@code <dir>} from its
 *       header, calls each through the proxy and prints {@code entries=<n> wrong=<n>} and the
 *       cache's stats; exits 1 if a value is wrong;
 *   <li>{@code worker <dir> <sync dir> <id> <peers> <calls>}: waits for its peers, then makes
 *       {@code calls} calls of {@link Mixed} on 64 shared keys, checking each value; prints
 *       {@code worker <id>: calls=<n> wrong=<n> exceptions=<n>} and the stats;
 *   <li>{@code huge <dir>}: passes a 100 MB {@code byte[]}, then a 100 MB {@code int[]} to
 *       {@link Sums} three times each (the same array twice, then with one element changed),
 *       printing each result and the stats; run with a heap too small for a second copy.
 * </ul>
 */
public final class ProofChild {
  /** Keys of each {@link Big} method that the crash children call. */
  static final int CRASH_KEYS = 100;
  /** Keys that the four workers share. */
  static final int SHARED_KEYS = 64;

  private ProofChild() {}

  /** Large values: the crash test's. */
  public interface Big {
    byte[] bytes(int key);

    String text(int key);
  }

  /** Computes what {@link #bytesFor} and {@link #textFor} say. */
  public static final class BigValues implements Big {
    @Override
    public byte[] bytes(int key) {
      return bytesFor(key);
    }

    @Override
    public String text(int key) {
      return textFor(key);
    }
  }

  /** Between 1 and 4 MiB, by key. */
  static int sizeFor(int key) {
    return (1 << 20) + new SplittableRandom(key * 31L + 7).nextInt(3 << 20);
  }

  static byte[] bytesFor(int key) {
    byte[] b = new byte[sizeFor(key)];
    new SplittableRandom(key).nextBytes(b);
    return b;
  }

  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\u00e9\u20ac\u4e2d"
          .toCharArray();

  /** Mostly ASCII, some two- and three-byte characters and surrogate pairs (emoji). */
  static String textFor(int key) {
    SplittableRandom r = new SplittableRandom(~key);
    char[] c = new char[sizeFor(key)];
    for (int i = 0; i < c.length; i++) {
      if (i + 1 < c.length && r.nextInt(64) == 0) {
        c[i++] = '\ud83d';
        c[i] = (char) (0xde00 + r.nextInt(0x40));
      } else {
        c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
      }
    }
    return new String(c);
  }

  /** Smaller values of several kinds: the workers'. */
  public interface Mixed {
    List<Long> longs(int key);

    String text(int key, String salt);

    record Point(int x, String label) {}

    Point point(int key);
  }

  public static final class MixedValues implements Mixed {
    @Override
    public List<Long> longs(int key) {
      return longsFor(key);
    }

    @Override
    public String text(int key, String salt) {
      return textFor(key, salt);
    }

    @Override
    public Point point(int key) {
      return new Point(key * key, "p" + key);
    }
  }

  static List<Long> longsFor(int key) {
    SplittableRandom r = new SplittableRandom(key);
    int n = 1 + r.nextInt(8 * 1024);
    List<Long> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.nextLong());
    }
    return out;
  }

  static String textFor(int key, String salt) {
    return (salt + ":" + key + ";").repeat(1 + new SplittableRandom(key).nextInt(4096));
  }

  /** Sums of large arguments: the heap-limited child's. */
  public interface Sums {
    long bytes(byte[] data);

    long ints(int[] data);
  }

  public static final class Summing implements Sums {
    @Override
    public long bytes(byte[] data) {
      long sum = 0;
      for (byte b : data) {
        sum += b;
      }
      return sum;
    }

    @Override
    public long ints(int[] data) {
      long sum = 0;
      for (int i : data) {
        sum += i;
      }
      return sum;
    }
  }

  /** 100 MB of arguments in a heap that cannot hold them twice. */
  private static void huge(Path dir, PrintStream out) {
    Cache cache = Astrocache.builder().directory(dir).build();
    Sums sums = cache.wrap(Sums.class, new Summing());
    byte[] bytes = new byte[100_000_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 12));
    }
    long first = sums.bytes(bytes);
    long second = sums.bytes(bytes);
    bytes[bytes.length / 2]++;
    long third = sums.bytes(bytes);
    out.println("bytes " + first + " " + second + " " + third + " " + stats(cache));
    bytes = null;
    int[] ints = new int[25_000_000];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = i * 0x9E3779B9;
    }
    first = sums.ints(ints);
    second = sums.ints(ints);
    ints[7]--;
    third = sums.ints(ints);
    out.println("ints " + first + " " + second + " " + third + " " + stats(cache));
    Runtime rt = Runtime.getRuntime();
    out.println("max heap " + (rt.maxMemory() >> 20) + " MiB");
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    switch (args[0]) {
      case "crash" -> crash(Path.of(args[1]), Long.parseLong(args[2]), out);
      case "check" -> System.exit(check(Path.of(args[1]), out));
      case "worker" -> System.exit(worker(Path.of(args[1]), Path.of(args[2]),
          Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), out));
      case "huge" -> huge(Path.of(args[1]), out);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** The cache every child uses on {@code dir}: the file store, a cap that makes it evict. */
  static Cache cache(Path dir) {
    return Astrocache.builder().directory(dir).maxBytes(256L << 20).build();
  }

  private static void crash(Path dir, long seed, PrintStream out) throws InterruptedException {
    Big big = cache(dir).wrap(Big.class, new BigValues());
    out.println("ready");
    AtomicLong calls = new AtomicLong();
    for (int t = 0; t < 2; t++) {
      Random random = new Random(seed * 2 + t);
      Thread thread = new Thread(() -> {
        while (true) {
          int key = random.nextInt(CRASH_KEYS);
          boolean ok = random.nextBoolean()
              ? Arrays.equals(bytesFor(key), big.bytes(key))
              : textFor(key).equals(big.text(key));
          if (!ok) {
            out.println("WRONG value for key " + key);
          }
          if (calls.incrementAndGet() == 1) {
            out.println("called"); // one call returned: with writes=inline, its entry is there
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static final Pattern CALL = Pattern.compile("(bytes|text)\\((\\d+)\\)");

  private static int check(Path dir, PrintStream out) throws IOException {
    Cache cache = cache(dir);
    Big big = cache.wrap(Big.class, new BigValues());
    FileLayout layout = FileLayout.of(dir);
    List<Path> entries;
    try (Stream<Path> files = Files.walk(dir)) {
      entries = files.filter(p -> layout.kind(p) == FileLayout.Kind.ENTRY).sorted().toList();
    }
    int wrong = 0;
    for (Path entry : entries) {
      byte[] bytes = Files.readAllBytes(entry);
      String arguments;
      try {
        arguments = EntryFrame.readHeader(bytes,
            HexFormat.of().parseHex(entry.getFileName().toString())).arguments();
      } catch (CorruptEntryException e) {
        out.println("unreadable header: " + entry + ": " + e.getMessage());
        wrong++;
        continue;
      }
      Matcher m = CALL.matcher(arguments == null ? "" : arguments);
      if (!m.matches()) {
        out.println("unexpected arguments " + arguments + " in " + entry);
        wrong++;
        continue;
      }
      int key = Integer.parseInt(m.group(2));
      boolean ok = m.group(1).equals("bytes")
          ? Arrays.equals(bytesFor(key), big.bytes(key))
          : textFor(key).equals(big.text(key));
      if (!ok) {
        out.println("WRONG value for " + arguments);
        wrong++;
      }
    }
    out.println("entries=" + entries.size() + " wrong=" + wrong);
    out.println(stats(cache));
    return wrong == 0 ? 0 : 1;
  }

  static String stats(Cache cache) {
    CacheStats s = cache.stats();
    return "hits=" + s.hits() + " misses=" + s.misses() + " puts=" + s.puts() + " errors="
        + s.errors() + " rejected=" + s.rejected();
  }

  private static int worker(Path dir, Path sync, int id, int peers, int calls, PrintStream out)
      throws IOException, InterruptedException {
    Cache cache = cache(dir);
    Mixed mixed = cache.wrap(Mixed.class, new MixedValues());
    Files.createFile(sync.resolve("ready-" + id));
    for (int i = 0; ; i++) { // all start together, so that they do overlap
      try (Stream<Path> list = Files.list(sync)) {
        if (list.count() >= peers) {
          break;
        }
      }
      if (i == 6000) {
        out.println("worker " + id + ": the other workers were not ready within 60 s");
        return 3;
      }
      Thread.sleep(10);
    }
    Random random = new Random(id);
    int wrong = 0;
    int exceptions = 0;
    for (int c = 0; c < calls; c++) {
      int key = random.nextInt(SHARED_KEYS);
      try {
        boolean ok = switch (random.nextInt(3)) {
          case 0 -> longsFor(key).equals(mixed.longs(key));
          case 1 -> textFor(key, "s" + key % 3).equals(mixed.text(key, "s" + key % 3));
          default -> new Mixed.Point(key * key, "p" + key).equals(mixed.point(key));
        };
        if (!ok) {
          wrong++;
          out.println("worker " + id + ": WRONG value for key " + key);
        }
      } catch (RuntimeException e) {
        exceptions++;
        e.printStackTrace(out);
      }
    }
    out.println("worker " + id + ": calls=" + calls + " wrong=" + wrong + " exceptions="
        + exceptions + " " + stats(cache));
    return wrong == 0 && exceptions == 0 ? 0 : 1;
  }
}
