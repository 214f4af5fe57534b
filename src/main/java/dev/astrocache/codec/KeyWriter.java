package dev.astrocache.codec;

import dev.astrocache.codec.CanonicalEncoder.CodeIdentity;
import dev.astrocache.codec.CanonicalEncoder.Mode;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.PriorityBlockingQueue;

/** One encoding: the output buffer, the path of containers being encoded, and the mode. */
final class KeyWriter {
  static final int MAX_DEPTH = 500;
  static final String FIX =
      "Pass a value that identifies it instead, mark the field transient, or mark the method @NotCached.";
  static final String NOT_A_VALUE =
      "it is not a value astrocache can encode (such as a connection, a stream, a thread or a lock)";

  private final ByteSink out = new ByteSink(128);
  private final CodeIdentity code;
  private final Mode mode;
  private final Set<Class<?>> visited;
  /** The containers on the path from the root, for cycle detection by identity. */
  private Object[] path = new Object[16];
  private int depth;
  /**
   * The value being encoded. In STATE mode it is the implementation, whose code the method
   * fingerprint already covers precisely: its own {@code codeOf} would make every unrelated edit
   * of the class a miss.
   */
  private Object root;

  KeyWriter(CodeIdentity code, Mode mode, Set<Class<?>> visited) {
    this.code = code;
    this.mode = mode;
    this.visited = visited;
  }

  byte[] encode(Object root) throws UnencodableValueException {
    this.root = root;
    try {
      value(root);
    } catch (ValueFailure e) {
      throw new UnencodableValueException(e.path(Integer.MAX_VALUE), e.type, e.reason, e.fix);
    } catch (StackOverflowError e) {
      // a thread with a small stack: fail as clearly as the depth limit does
      throw new UnencodableValueException("", root.getClass(), "it is nested too deeply for this"
          + " thread's stack", "Pass a shallower value, or mark the method @NotCached.");
    }
    return out.toByteArray();
  }

  private void value(Object v) {
    if (v == null) {
      out.write(KeyTags.NULL);
      return;
    }
    Class<?> type = v.getClass();
    if (type == String.class) { // the commonest arguments skip the class lookup
      out.write(KeyTags.STRING);
      out.writeString((String) v);
      return;
    }
    if (type == Integer.class) {
      out.write(KeyTags.INT);
      out.writeInt((Integer) v);
      return;
    }
    KeyClass kc = KeyClass.of(type);
    switch (kc.kind) {
      case KeyClass.ENUM -> {
        if (kc.user) {
          visited.add(kc.type);
          visited.add(kc.enumClass);
        }
        out.write(kc.header);
        out.writeString(((Enum<?>) v).name());
      }
      case KeyClass.JDK_OTHER -> {
        if (mode == Mode.ARGUMENT) {
          throw new ValueFailure(kc.type, NOT_A_VALUE, FIX);
        }
        out.write(kc.service);
      }
      case KeyClass.RECORD, KeyClass.OBJECT, KeyClass.LAMBDA, KeyClass.PROXY, KeyClass.LIST,
          KeyClass.SET, KeyClass.MAP, KeyClass.COLLECTION, KeyClass.ENTRY,
          KeyClass.OBJECT_ARRAY, KeyClass.OPTIONAL -> container(v, kc);
      default -> KeyScalars.write(out, v, kc.kind);
    }
  }

  /** Values that can hold other values, hence cycles: guarded by the path. */
  private void container(Object v, KeyClass kc) {
    for (int i = depth - 1; i >= 0; i--) {
      if (path[i] == v) {
        out.write(KeyTags.BACK_REFERENCE);
        out.writeVarint(depth - i);
        return;
      }
    }
    if (depth == MAX_DEPTH) {
      throw new ValueFailure(kc.type, "it is nested more than " + MAX_DEPTH + " levels deep",
          "Pass a shallower value, or mark the method @NotCached.");
    }
    if (depth == path.length) {
      path = Arrays.copyOf(path, depth * 2);
    }
    path[depth++] = v;
    try {
      switch (kc.kind) {
        case KeyClass.RECORD -> record(v, kc);
        case KeyClass.OBJECT -> object(v, kc);
        case KeyClass.LAMBDA -> lambda(v, kc);
        case KeyClass.PROXY -> proxy(v);
        case KeyClass.LIST -> list((List<?>) v, kc);
        case KeyClass.SET -> set((Set<?>) v, kc);
        case KeyClass.MAP -> map((Map<?, ?>) v, kc);
        case KeyClass.COLLECTION -> collection((Collection<?>) v, kc);
        case KeyClass.ENTRY -> entry((Map.Entry<?, ?>) v, kc);
        case KeyClass.OBJECT_ARRAY -> array((Object[]) v, kc);
        case KeyClass.OPTIONAL -> optional((Optional<?>) v);
        default -> throw new AssertionError(kc.kind);
      }
    } catch (ValueFailure e) {
      throw e;
    } catch (RuntimeException e) {
      // its own code threw while it was read: a lazy collection, one changed by another thread
      throw new ValueFailure(kc.type, "reading it threw " + e, "Pass a copy that holds plain"
          + " values (such as List.copyOf or Map.copyOf), or mark the method @NotCached.");
    } finally {
      path[--depth] = null;
    }
  }

  private void record(Object v, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    if (kc.inaccessible != null) {
      throw new ValueFailure(kc.type, kc.inaccessible, FIX);
    }
    out.write(kc.header);
    fields(v, kc);
  }

  private void object(Object v, KeyClass kc) {
    visited.add(kc.type);
    if (kc.inaccessible != null || (kc.hiddenState != null && mode == Mode.ARGUMENT)) {
      if (mode == Mode.ARGUMENT) {
        throw new ValueFailure(kc.type, kc.inaccessible != null ? kc.inaccessible : kc.hiddenState, FIX);
      }
      out.write(KeyTags.OPAQUE);
      out.writeString(kc.type.getName());
      out.writeBytes(codeOf(kc.type));
      return;
    }
    out.write(kc.header);
    if (!(mode == Mode.STATE && v == root)) {
      out.writeBytes(codeOf(kc.type));
    }
    fields(v, kc);
  }

  private void lambda(Object v, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    if (kc.inaccessible != null) {
      // even in STATE mode: its captured values may be user code (Comparator.comparing(f)),
      // and two impls that differ only there must not share entries
      throw new ValueFailure(kc.type, "it is a lambda made inside the JDK, whose captured values"
          + " astrocache cannot read", FIX);
    }
    out.write(kc.header);
    out.writeBytes(codeOf(kc.type));
    out.write(lambdaTarget(v, kc));
    out.writeVarint(kc.fields.length);
    fields(v, kc);
  }

  /** A serializable lambda names its implementation method: the exact code, not a candidate. */
  private static byte[] lambdaTarget(Object v, KeyClass kc) {
    byte[] t = kc.lambdaTarget;
    if (t == null) {
      ByteSink b = new ByteSink(64);
      Object replaced = null;
      if (kc.writeReplace != null) {
        try {
          replaced = kc.writeReplace.invoke(v);
        } catch (ReflectiveOperationException | RuntimeException e) {
          replaced = null;
        }
      }
      if (replaced instanceof SerializedLambda sl) {
        b.write(1);
        b.writeString(sl.getImplClass());
        b.writeString(sl.getImplMethodName());
        b.writeString(sl.getImplMethodSignature());
        b.writeInt(sl.getImplMethodKind());
      } else {
        b.write(0);
      }
      t = b.toByteArray();
      kc.lambdaTarget = t;
    }
    return t;
  }

  private byte[] codeOf(Class<?> type) {
    byte[] c = code.codeOf(type);
    if (c == null) {
      throw new IllegalStateException("CodeIdentity.codeOf(" + type.getName() + ") returned null");
    }
    return c;
  }

  private void fields(Object v, KeyClass kc) {
    Field[] fs = kc.fields;
    int[] prims = kc.primitives;
    for (int i = 0; i < fs.length; i++) {
      Field f = fs[i];
      try {
        switch (prims[i]) {
          case 0 -> value(f.get(v));
          case KeyClass.INT -> {
            out.write(KeyTags.INT);
            out.writeInt(f.getInt(v));
          }
          case KeyClass.LONG -> {
            out.write(KeyTags.LONG);
            out.writeLong(f.getLong(v));
          }
          case KeyClass.DOUBLE -> {
            out.write(KeyTags.DOUBLE);
            out.writeLong(Double.doubleToLongBits(f.getDouble(v)));
          }
          case KeyClass.BOOLEAN -> out.write(f.getBoolean(v) ? KeyTags.TRUE : KeyTags.FALSE);
          case KeyClass.FLOAT -> {
            out.write(KeyTags.FLOAT);
            out.writeInt(Float.floatToIntBits(f.getFloat(v)));
          }
          case KeyClass.BYTE -> {
            out.write(KeyTags.BYTE);
            out.write(f.getByte(v));
          }
          case KeyClass.SHORT -> {
            out.write(KeyTags.SHORT);
            out.writeShort(f.getShort(v));
          }
          case KeyClass.CHAR -> {
            out.write(KeyTags.CHAR);
            out.writeShort(f.getChar(v));
          }
          default -> throw new AssertionError(prims[i]);
        }
      } catch (IllegalAccessException e) {
        throw new ValueFailure(kc.type, "its field " + f.getName() + " cannot be read: " + e.getMessage(), FIX)
            .at(kc.fieldPaths[i]);
      } catch (ValueFailure e) {
        throw e.at(kc.fieldPaths[i]);
      }
    }
  }

  private void proxy(Object v) {
    Class<?>[] ifaces = v.getClass().getInterfaces();
    out.write(KeyTags.PROXY);
    out.writeVarint(ifaces.length);
    for (Class<?> i : ifaces) {
      out.writeString(i.getName());
    }
    try {
      value(Proxy.getInvocationHandler(v));
    } catch (ValueFailure e) {
      throw e.at(".handler");
    }
  }

  private void list(List<?> list, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    int n = list.size();
    out.write(KeyTags.LIST);
    out.writeVarint(n);
    if (list instanceof RandomAccess) {
      for (int i = 0; i < n; i++) {
        element(list.get(i), i);
      }
    } else {
      int i = 0;
      for (Object e : list) {
        if (i == n) {
          throw new ConcurrentModificationException();
        }
        element(e, i++);
      }
    }
  }

  private void element(Object e, int i) {
    try {
      value(e);
    } catch (ValueFailure u) {
      throw u.at("[" + i + "]");
    }
  }

  private void collection(Collection<?> c, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    if (c instanceof PriorityQueue<?> q) {
      order(q.comparator());
    } else if (c instanceof PriorityBlockingQueue<?> q) {
      order(q.comparator());
    }
    int n = c.size();
    out.write(kc.header);
    out.writeVarint(n);
    int i = 0;
    for (Object e : c) {
      if (i == n) {
        throw new ConcurrentModificationException();
      }
      element(e, i++);
    }
  }

  private void array(Object[] a, KeyClass kc) {
    out.write(kc.header);
    out.writeVarint(a.length);
    for (int i = 0; i < a.length; i++) {
      element(a[i], i);
    }
  }

  private void set(Set<?> set, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    if (set instanceof SortedSet<?> s) {
      order(s.comparator());
    }
    int n = set.size();
    out.write(KeyTags.SET);
    out.writeVarint(n);
    int start = out.size;
    int[] offsets = new int[n + 1];
    int i = 0;
    for (Object e : set) {
      if (i == n) {
        throw new ConcurrentModificationException();
      }
      offsets[i] = out.size;
      element(e, i++);
    }
    offsets[n] = out.size;
    sortSlices(start, offsets, n);
  }

  private void map(Map<?, ?> map, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    if (map instanceof SortedMap<?, ?> m) {
      order(m.comparator());
    }
    int n = map.size();
    out.write(KeyTags.MAP);
    out.writeVarint(n);
    int start = out.size;
    int[] offsets = new int[n + 1];
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (i == n) {
        throw new ConcurrentModificationException();
      }
      offsets[i++] = out.size;
      Object k = e.getKey();
      try {
        value(k);
      } catch (ValueFailure u) {
        throw u.at("{" + render(k) + "}");
      }
      try {
        value(e.getValue());
      } catch (ValueFailure u) {
        throw u.at("[" + render(k) + "]");
      }
    }
    offsets[n] = out.size;
    sortSlices(start, offsets, n);
  }

  /**
   * A sort order other than the natural one is behaviour ({@code first()}, which of two
   * elements {@code add} keeps): the comparator goes before the elements. A JDK comparator
   * without state ({@code reverseOrder()}, {@code CASE_INSENSITIVE_ORDER}) is its class.
   */
  private void order(Comparator<?> c) {
    if (c == null) {
      return;
    }
    out.write(KeyTags.ORDERED);
    KeyClass kc = KeyClass.of(c.getClass());
    if (kc.stateless) {
      out.write(kc.service);
      return;
    }
    try {
      value(c);
    } catch (ValueFailure u) {
      throw u.at(".comparator()");
    }
  }

  private void entry(Map.Entry<?, ?> e, KeyClass kc) {
    if (kc.user) {
      visited.add(kc.type);
    }
    out.write(KeyTags.ENTRY);
    try {
      value(e.getKey());
    } catch (ValueFailure u) {
      throw u.at(".getKey()");
    }
    try {
      value(e.getValue());
    } catch (ValueFailure u) {
      throw u.at(".getValue()");
    }
  }

  private void optional(Optional<?> o) {
    out.write(KeyTags.OPTIONAL);
    if (o.isEmpty()) {
      out.write(0);
      return;
    }
    out.write(1);
    try {
      value(o.get());
    } catch (ValueFailure u) {
      throw u.at(".get()");
    }
  }

  /**
   * Reorders the {@code n} encodings between {@code offsets[0]} and {@code offsets[n]} bytewise
   * (unsigned), which makes sets and maps independent of iteration order. Cycles inside them
   * are back references by distance up the path, which sibling order cannot change.
   */
  private void sortSlices(int start, int[] offsets, int n) {
    if (n < 2) {
      return;
    }
    int end = offsets[n];
    byte[] copy = Arrays.copyOfRange(out.buf, start, end);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (n <= 32) {
      for (int i = 1; i < n; i++) {
        int x = order[i];
        int j = i - 1;
        while (j >= 0 && compare(copy, offsets, start, order[j], x) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = x;
      }
    } else {
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> compare(copy, offsets, start, a, b));
      for (int i = 0; i < n; i++) {
        order[i] = boxed[i];
      }
    }
    int p = start;
    for (int k : order) {
      int from = offsets[k] - start;
      int len = offsets[k + 1] - offsets[k];
      System.arraycopy(copy, from, out.buf, p, len);
      p += len;
    }
  }

  private static int compare(byte[] b, int[] offsets, int start, int x, int y) {
    return Arrays.compareUnsigned(b, offsets[x] - start, offsets[x + 1] - start,
        b, offsets[y] - start, offsets[y + 1] - start);
  }

  /** A short rendering of a map key for error paths. */
  static String render(Object k) {
    String s;
    if (k == null) {
      s = "null";
    } else if (k instanceof String str) {
      s = "\"" + (str.length() > 24 ? str.substring(0, 24) + "..." : str) + "\"";
    } else if (k instanceof Number || k instanceof Boolean || k instanceof Character) {
      s = String.valueOf(k);
    } else if (k instanceof Enum<?> e) {
      s = e.name();
    } else {
      s = k.getClass().getSimpleName().isEmpty() ? k.getClass().getName() : k.getClass().getSimpleName();
    }
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
