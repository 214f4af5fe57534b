package dev.astrocache;

import org.junit.jupiter.api.AfterEach;
import static dev.astrocache.testing.StatsAssert.assertStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and huge input: a 100 MB array argument hashed in a heap that cannot hold it twice, a
 * map of a million entries, arguments with cycles, values nested 100,000 deep and more, and entries
 * whose payload lies about its lengths or nests past the {@code java.io} fallback's depth limit.
 */
class HostileInputProofTest {
  @TempDir Path dir;

  /** The caches a test built, closed after it: their entries are written behind the calls. */
  private final List<Cache> opened = new ArrayList<>();

  @AfterEach
  void closeCaches() {
    opened.forEach(Cache::close);
  }

  private Cache cache() {
    Cache cache = Astrocache.builder().directory(dir).build();
    opened.add(cache);
    return cache;
  }

  private static final Pattern HUGE = Pattern.compile(
      "bytes (-?\\d+) (-?\\d+) (-?\\d+) hits=1 misses=2 puts=2 errors=0 rejected=0\n"
          + "ints (-?\\d+) (-?\\d+) (-?\\d+) hits=2 misses=4 puts=4 errors=0 rejected=0\n"
          + "max heap (\\d+) MiB\n");

  /**
   * Without a second copy: the child's heap (160 MiB) holds the 100 MB argument, but not it and
   * its encoding. Each array is hashed twice (a miss, then a hit), then once with one element
   * changed (a miss).
   */
  @Test
  void hundredMegabyteArgument_isHashedWithoutASecondCopy() {
    List<String> command = new ArrayList<>(ChildJvm.command(ProofChild.class.getName(),
        List.of(), Map.of(), "huge", dir.resolve("cache").toString()));
    command.add(1, "-Xmx160m");
    ChildJvm.Result r = ChildJvm.exec(command);
    assertEquals(0, r.exitCode(), r.output());
    Matcher m = HUGE.matcher(r.output());
    assertTrue(m.find(), r.output());
    assertEquals(m.group(1), m.group(2));
    assertTrue(!m.group(1).equals(m.group(3)), r.output());
    assertEquals(m.group(4), m.group(5));
    assertTrue(!m.group(4).equals(m.group(6)), r.output());
    assertTrue(Integer.parseInt(m.group(7)) < 200, r.output());
    System.out.println("astrocache-proof: huge arguments: a 100 MB byte[] and a 100 MB int[]"
        + " hashed 3 times each in a " + m.group(7) + " MiB heap: hits=2 misses=4");
  }

  public interface Lookup {
    long total(Map<String, Integer> prices);

    int length(Node node);

    int size(List<Object> list);

    List<Object> nested(int depth);

    Link chain(int length);
  }

  /** A linked node: rings and chains of them. */
  public static final class Node {
    final String name;
    Node next;

    Node(String name) {
      this.name = name;
    }
  }

  /** A {@code Serializable} class of the application: written by the java.io fallback. */
  public static final class Link implements Serializable {
    private static final long serialVersionUID = 1L;
    final int n;
    Link next;

    Link(int n) {
      this.n = n;
    }
  }

  static final class Looking implements Lookup {
    transient int computed;

    @Override
    public long total(Map<String, Integer> prices) {
      computed++;
      long sum = 0;
      for (int p : prices.values()) {
        sum += p;
      }
      return sum;
    }

    @Override
    public int length(Node node) {
      computed++;
      int n = 0;
      for (Node x = node; x != null && (n == 0 || x != node); x = x.next) {
        n++;
      }
      return n;
    }

    @Override
    public int size(List<Object> list) {
      computed++;
      return list.size();
    }

    @Override
    public List<Object> nested(int depth) {
      computed++;
      List<Object> root = new ArrayList<>();
      List<Object> l = root;
      for (int i = 0; i < depth; i++) {
        List<Object> inner = new ArrayList<>();
        l.add(i);
        l.add(inner);
        l = inner;
      }
      return root;
    }

    @Override
    public Link chain(int length) {
      computed++;
      Link head = new Link(0);
      Link l = head;
      for (int i = 1; i < length; i++) {
        l.next = new Link(i);
        l = l.next;
      }
      return head;
    }
  }

  @Test
  void millionEntryMapArgument_hitsByContentAndMissesOnOneChange() {
    Map<String, Integer> prices = new HashMap<>();
    for (int i = 0; i < 1_000_000; i++) {
      prices.put("item-" + i, i % 1000);
    }
    Map<String, Integer> same = new HashMap<>(2_000_000);
    for (int i = 999_999; i >= 0; i--) { // other insertion order, other table size
      same.put("item-" + i, i % 1000);
    }
    Cache cache = cache();
    Looking impl = new Looking();
    Lookup l = cache.wrap(Lookup.class, impl);
    assertEquals(499_500_000L, l.total(prices));
    assertEquals(499_500_000L, l.total(same));
    same.put("item-77", 78);
    assertEquals(499_500_001L, l.total(same));
    assertEquals(2, impl.computed);
    assertStats(cache).hits(1).misses(2).errors(0).rejected(0);
    System.out.println("astrocache-proof: huge arguments: a 1,000,000-entry HashMap 3 times"
        + " (the same content in another order: a hit; one value changed: a miss): hits=1"
        + " misses=2");
  }

  private static Node ring(String... names) {
    Node first = new Node(names[0]);
    Node n = first;
    for (int i = 1; i < names.length; i++) {
      n.next = new Node(names[i]);
      n = n.next;
    }
    n.next = first;
    return first;
  }

  /**
   * The key encoder promises cycles as back references (CanonicalEncoder): a ring, a list that
   * holds itself, a map that holds itself are keys; equal shapes built apart hit, other rings
   * miss.
   */
  @Test
  void argumentsWithCycles_areKeysThatHitByShape() {
    Cache cache = cache();
    Looking impl = new Looking();
    Lookup l = cache.wrap(Lookup.class, impl);
    assertEquals(3, l.length(ring("a", "b", "c")));
    assertEquals(3, l.length(ring("a", "b", "c")));
    assertEquals(3, l.length(ring("b", "c", "a"))); // the same ring entered elsewhere: another key
    assertEquals(2, l.length(ring("a", "b")));
    Node self = new Node("self");
    self.next = self;
    assertEquals(1, l.length(self));
    List<Object> list = new ArrayList<>(List.of("x"));
    list.add(list);
    Map<String, Object> map = new HashMap<>();
    map.put("me", map);
    list.add(map);
    assertEquals(3, l.size(list));
    List<Object> again = new ArrayList<>(List.of("x"));
    again.add(again);
    Map<String, Object> map2 = new HashMap<>();
    map2.put("me", map2);
    again.add(map2);
    assertEquals(3, l.size(again));
    assertEquals(5, impl.computed);
    assertStats(cache).hits(2).misses(5).errors(0).rejected(0);
    System.out.println("astrocache-proof: cycles: 7 calls with cyclic arguments (rings, a list"
        + " and a map holding themselves): hits=2 misses=5, no error");
  }

  public interface Rings {
    List<Object> ring(String name);
  }

  /** The value format refuses a result that holds itself: returned, not cached, one warning. */
  @Test
  void resultHoldingItself_isReturnedNotCachedWithOneWarning() {
    Cache cache = cache();
    Rings rings = cache.wrap(Rings.class, name -> {
      List<Object> l = new ArrayList<>(List.of(name));
      l.add(l);
      return l;
    });
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      for (int i = 0; i < 3; i++) {
        List<Object> got = rings.ring("r");
        assertSame(got, got.get(1));
      }
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings::toString);
      assertTrue(warnings.get(0).contains("contains itself"), warnings::toString);
    }
    assertStats(cache).hits(0).misses(3).puts(0).errors(3);
  }

  /** No depth limit where the formats promise none: both walk on their own stacks. */
  @Test
  void valuesNestedDeep_areKeysAndEntries() {
    Cache cache = cache();
    Looking impl = new Looking();
    Lookup l = cache.wrap(Lookup.class, impl);
    Node chain = new Node("0");
    Node n = chain;
    for (int i = 1; i < 300_000; i++) {
      n.next = new Node(Integer.toString(i % 7));
      n = n.next;
    }
    assertEquals(300_000, l.length(chain));
    assertEquals(300_000, l.length(chain));
    List<Object> deep = l.nested(100_000);
    List<Object> hit = l.nested(100_000);
    assertEquals(2, impl.computed);
    assertStats(cache).hits(2).misses(2).errors(0).rejected(0);
    int depth = 0;
    for (List<?> a = deep, b = hit; !a.isEmpty(); a = (List<?>) a.get(1), b = (List<?>) b.get(1)) {
      assertEquals(a.get(0), b.get(0));
      depth++;
    }
    assertEquals(100_000, depth);
    System.out.println("astrocache-proof: depth: a 300,000-node chain argument and a result"
        + " nested 100,000 deep: hits=2 misses=2");
  }

  /**
   * Limits of the java.io fallback hold for an entry: a Serializable value nested deeper than
   * 100 is refused when read (never instantiated from the entry), so each call computes it.
   */
  @Test
  void javaIoValueBeyondTheDepthLimit_isNeverReadBackAndAlwaysComputed() {
    Cache cache = cache();
    Looking impl = new Looking();
    Lookup l = cache.wrap(Lookup.class, impl);
    for (int i = 0; i < 3; i++) {
      Link head = l.chain(150);
      int n = 0;
      for (Link x = head; x != null; x = x.next) {
        assertEquals(n++, x.n);
      }
      assertEquals(150, n);
    }
    assertEquals(3, impl.computed);
    assertStats(cache).hits(0).misses(3).rejected(2).errors(0);
    // within the limit, the same class round-trips
    l.chain(50);
    assertEquals(2, l.chain(50).next.next.n);
    assertEquals(4, impl.computed);
    assertStats(cache).hits(1).misses(4).rejected(2).errors(0);
    System.out.println("astrocache-proof: depth: a java.io value 150 deep, 3 calls: refused on"
        + " read (depth limit 100) twice, computed 3 times; 50 deep: a hit");
  }

  /**
   * A well-framed entry (right key, right checksum) whose payload declares lengths of 2^31-1 is
   * refused before anything is allocated: a miss, quarantined, the value right.
   */
  @Test
  void entryDeclaringHugeLengths_isAMissWithoutAllocating() throws Exception {
    Cache cache = cache();
    Looking impl = new Looking();
    Lookup l = cache.wrap(Lookup.class, impl);
    FileLayout layout = FileLayout.of(dir);
    Set<Path> known = new HashSet<>();
    int crafted = 0;
    // ARRAY_LIST, HASH_MAP, LONG_ARRAY, STRING, BYTE_ARRAY of 2^31-1 elements, in 6 bytes
    for (int tag : new int[] {32, 37, 53, 10, 49}) {
      int depth = 10 + tag;
      l.nested(depth);
      Path entry = newEntry(layout, known);
      byte[] good = Files.readAllBytes(entry);
      EntryFrame.Header header = EntryFrame.read(good,
          HexFormat.of().parseHex(entry.getFileName().toString())).header();
      byte[] payload = {1, (byte) tag, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
      Files.write(entry, EntryFrame.write(header, payload));
      crafted++;
      List<Object> got = l.nested(depth);
      assertEquals(0, got.get(0));
    }
    assertEquals(2 * crafted, impl.computed);
    assertStats(cache).hits(0).misses(2 * crafted).rejected(crafted).errors(0);
    assertEquals(crafted, layout.quarantined().size());
    System.out.println("astrocache-proof: hostile entries: " + crafted + " well-framed entries"
        + " declaring 2^31-1 elements: " + crafted + " misses, " + crafted + " quarantined");
  }

  /** The one entry written since the last look (a write may land a moment after the call). */
  private static Path newEntry(FileLayout layout, Set<Path> known) throws Exception {
    for (int i = 0; i < 15_000; i++) {
      List<Path> fresh;
      try (Stream<Path> files = Files.walk(layout.root())) {
        fresh = files.filter(p -> layout.kind(p) == FileLayout.Kind.ENTRY && !known.contains(p))
            .toList();
      }
      if (!fresh.isEmpty()) {
        assertEquals(1, fresh.size(), fresh::toString);
        known.add(fresh.get(0));
        return fresh.get(0);
      }
      Thread.sleep(2);
    }
    throw new AssertionError("no new entry in " + layout.root() + " within 30 s");
  }
}
