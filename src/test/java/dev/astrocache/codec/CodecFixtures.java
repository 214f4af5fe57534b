package dev.astrocache.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** Value types and generators shared by the codec tests. */
final class CodecFixtures {
  private CodecFixtures() {}

  enum Color {
    RED,
    GREEN,
    BLUE {
      @Override
      public String toString() {
        return "blue";
      }
    }
  }

  /** An enum singleton service with a setting the program changes. */
  enum Vat {
    INSTANCE(0.2),
    REDUCED(0.07);

    double rate;
    transient int calls;

    Vat(double rate) {
      this.rate = rate;
    }
  }

  /** A class of the user's that extends a JDK map with a field of its own. */
  static final class Labels extends java.util.HashMap<String, String> {
    private static final long serialVersionUID = 1L;
    String language;

    Labels(String language) {
      this.language = language;
    }
  }

  record Point(int x, int y) {}

  record Item(String name, long count, Color color, Optional<String> note, List<Integer> tags) {}

  record Pair(Object left, Object right) {}

  /**
   * Nested values of the types both formats know: lists, sets and maps (homogeneous elements
   * and keys, so that sorted variants exist), records, enums, optionals, numbers, strings
   * (non-ASCII and ill-formed ones too), java.time, UUID, null.
   */
  static Gen<Object> values(int depth) {
    return in -> value(in, depth);
  }

  private static int pick(RandomnessSource in, int n) {
    return (int) in.next(Constraint.between(0, n - 1));
  }

  static Object value(RandomnessSource in, int depth) {
    int kind = pick(in, depth > 0 ? 20 : 14);
    switch (kind) {
      case 0: return null;
      case 1: return pick(in, 2) == 1;
      case 2: return (int) in.next(Constraint.between(-1000, 1000));
      case 3: return in.next(Constraint.none());
      case 4: return doubleValue(in);
      case 5: return BigDecimal.valueOf(in.next(Constraint.between(-10_000, 10_000)), pick(in, 4));
      case 6: return string(in);
      case 7: return Color.values()[pick(in, 3)];
      case 8: return new Point(pick(in, 5), pick(in, 5));
      case 9: return LocalDate.ofEpochDay(in.next(Constraint.between(-100_000, 100_000)));
      case 10: return Instant.ofEpochSecond(in.next(Constraint.between(-1L << 40, 1L << 40)), pick(in, 1_000_000_000));
      case 11: return new UUID(in.next(Constraint.none()), in.next(Constraint.none()));
      case 12: return Duration.ofMillis(in.next(Constraint.between(-1L << 40, 1L << 40)));
      case 13: return (byte) pick(in, 256);
      case 14: {
        List<Object> l = new ArrayList<>();
        for (int i = pick(in, 5); i > 0; i--) {
          l.add(value(in, depth - 1));
        }
        return Collections.unmodifiableList(l);
      }
      case 15: {
        Set<Object> s = new LinkedHashSet<>();
        int elementKind = pick(in, 3);
        for (int i = pick(in, 6); i > 0; i--) {
          s.add(key(in, elementKind));
        }
        // insertion-ordered, or not
        return pick(in, 2) == 0 ? Collections.unmodifiableSet(s) : Set.copyOf(s);
      }
      case 16: {
        Map<Object, Object> m = new LinkedHashMap<>();
        int keyKind = pick(in, 3);
        for (int i = pick(in, 5); i > 0; i--) {
          m.put(key(in, keyKind), value(in, depth - 1));
        }
        if (pick(in, 2) == 0 || m.containsValue(null)) {
          return Collections.unmodifiableMap(m);
        }
        return Map.copyOf(m);
      }
      case 17: {
        Object v = value(in, depth - 1);
        return v == null ? Optional.empty() : Optional.of(v);
      }
      case 18: return new Pair(value(in, depth - 1), value(in, depth - 1));
      default: {
        List<Integer> tags = new ArrayList<>();
        for (int i = pick(in, 4); i > 0; i--) {
          tags.add(pick(in, 100));
        }
        return new Item(string(in), in.next(Constraint.between(0, 99)), Color.values()[pick(in, 3)],
            pick(in, 2) == 0 ? Optional.empty() : Optional.of(string(in)), List.copyOf(tags));
      }
    }
  }

  /** 0 to 7 distinct keys of one kind (strings, ints or enum constants), in a random order. */
  static Gen<List<Object>> distinctKeys() {
    return in -> {
      int kind = pick(in, 3);
      Set<Object> s = new LinkedHashSet<>();
      for (int i = pick(in, 8); i > 0; i--) {
        s.add(key(in, kind));
      }
      return new ArrayList<>(s);
    };
  }

  private static Object key(RandomnessSource in, int kind) {
    switch (kind) {
      case 0: return string(in);
      case 1: return (int) in.next(Constraint.between(-20, 20));
      default: return Color.values()[pick(in, 3)];
    }
  }

  private static double doubleValue(RandomnessSource in) {
    switch (pick(in, 6)) {
      case 0: return Double.NaN;
      case 1: return -0.0;
      case 2: return 0.0;
      case 3: return Double.NEGATIVE_INFINITY;
      default: return in.next(Constraint.between(-1000, 1000)) / 8.0;
    }
  }

  private static final String ALPHABET = "ab\u00e9\u4e2d";

  static String string(RandomnessSource in) {
    StringBuilder b = new StringBuilder();
    for (int i = pick(in, 5); i > 0; i--) {
      int c = pick(in, 12);
      if (c < ALPHABET.length()) {
        b.append(ALPHABET.charAt(c));
      } else if (c == 4) {
        b.appendCodePoint(0x1F600); // a surrogate pair
      } else if (c == 5) {
        b.append('\uD800'); // unpaired: plain UTF-8 would turn it into '?'
      } else if (c == 6) {
        b.append('?');
      } else {
        b.append((char) ('c' + c));
      }
    }
    return b.toString();
  }

  /** Whether the key counts {@code v}'s iteration order: a linked set or map of 2 or more. */
  static boolean ordered(Object v) {
    if (v instanceof Set<?> s) {
      return KeyOrder.iterationOrder(s, s.size());
    }
    return v instanceof Map<?, ?> m && KeyOrder.iterationOrder(m, m.size());
  }

  /**
   * Equal, and in the same order where the key counts it (lists, and linked sets and maps of
   * two or more): what equal keys must mean.
   */
  static boolean sameValue(Object a, Object b) {
    if (!java.util.Objects.equals(a, b)) {
      return false;
    }
    if (ordered(a) != ordered(b)) {
      return false;
    }
    if (a instanceof List<?> || ordered(a)) {
      Iterable<?> x = a instanceof Map<?, ?> m ? m.entrySet() : (Iterable<?>) a;
      Iterable<?> y = b instanceof Map<?, ?> m ? m.entrySet() : (Iterable<?>) b;
      java.util.Iterator<?> i = x.iterator();
      java.util.Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        Object p = i.next();
        Object q = j.next();
        if (p instanceof Map.Entry<?, ?> e && q instanceof Map.Entry<?, ?> f
            ? !sameValue(e.getKey(), f.getKey()) || !sameValue(e.getValue(), f.getValue())
            : !sameValue(p, q)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!sameValue(e.getValue(), ((Map<?, ?>) b).get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Optional<?> o) {
      return o.isEmpty() || sameValue(o.get(), ((Optional<?>) b).get());
    }
    if (a instanceof Pair p) {
      return sameValue(p.left(), ((Pair) b).left()) && sameValue(p.right(), ((Pair) b).right());
    }
    if (a instanceof Item i) {
      return sameValue(i.tags(), ((Item) b).tags());
    }
    return true;
  }

  /**
   * An equal copy of {@code v} built from other implementations where there are several:
   * lists as ArrayList, LinkedList, List.copyOf or Arrays.asList; sets and maps without an
   * order as hash, tree or unmodifiable ones (inserted in a shuffled order); linked ones, whose
   * order the key counts, as linked ones or unmodifiable views of them in the same order.
   */
  @SuppressWarnings("unchecked")
  static Object rebuild(Object v, Random r) {
    if (v instanceof List<?> l) {
      List<Object> items = new ArrayList<>();
      for (Object e : l) {
        items.add(rebuild(e, r));
      }
      switch (r.nextInt(4)) {
        case 0: return items;
        case 1: return new LinkedList<>(items);
        case 2: return items.contains(null) ? Collections.unmodifiableList(items) : List.copyOf(items);
        default: return Arrays.asList(items.toArray());
      }
    }
    if (v instanceof Set<?> s) {
      List<Object> items = new ArrayList<>();
      for (Object e : s) {
        items.add(rebuild(e, r));
      }
      if (ordered(s)) {
        switch (r.nextInt(3)) {
          case 0: return new LinkedHashSet<>(items);
          case 1: return Collections.unmodifiableSet(new LinkedHashSet<>(items));
          default: {
            Set<Object> fromMap = Collections.newSetFromMap(new LinkedHashMap<>());
            fromMap.addAll(items);
            return fromMap;
          }
        }
      }
      Collections.shuffle(items, r);
      switch (r.nextInt(4)) {
        case 0: return new HashSet<>(items);
        case 1: return items.size() < 2 ? new LinkedHashSet<>(items) : new HashSet<>(items);
        case 2: return sortable(items) ? new TreeSet<>(items) : new HashSet<>(items);
        default: return Set.copyOf(items);
      }
    }
    if (v instanceof Map<?, ?> m) {
      List<Map.Entry<Object, Object>> entries = new ArrayList<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        entries.add(new java.util.AbstractMap.SimpleEntry<>(rebuild(e.getKey(), r), rebuild(e.getValue(), r)));
      }
      Map<Object, Object> out;
      if (ordered(m)) {
        out = new LinkedHashMap<>();
      } else {
        Collections.shuffle(entries, r);
        switch (r.nextInt(3)) {
          case 0: out = new HashMap<>(); break;
          case 1: out = entries.size() < 2 ? new LinkedHashMap<>() : new HashMap<>(); break;
          default: out = sortable(entries.stream().map(Map.Entry::getKey).toList()) ? new TreeMap<>() : new HashMap<>();
        }
      }
      for (Map.Entry<Object, Object> e : entries) {
        out.put(e.getKey(), e.getValue());
      }
      return r.nextBoolean() ? out : Collections.unmodifiableMap(out);
    }
    if (v instanceof Optional<?> o) {
      return o.map(x -> rebuild(x, r));
    }
    if (v instanceof Pair p) {
      return new Pair(rebuild(p.left(), r), rebuild(p.right(), r));
    }
    if (v instanceof Item i) {
      return new Item(new String(i.name()), i.count(), i.color(), i.note(), (List<Integer>) rebuild(i.tags(), r));
    }
    if (v instanceof String s) {
      return new String(s.toCharArray());
    }
    return v;
  }

  private static boolean sortable(List<Object> items) {
    return !items.isEmpty() && !items.contains(null)
        && items.stream().map(Object::getClass).distinct().count() == 1
        && items.get(0) instanceof Comparable;
  }
}
