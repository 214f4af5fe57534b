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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicMarkableReference;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicStampedReference;

/**
 * One encoding: the output buffer, the containers being encoded, and the mode.
 *
 * <p>The walk keeps its own stack of {@link Frame}s, one per container on the path from the
 * root, instead of recursing: a value nested as deep as memory allows (a linked chain of a
 * million nodes) is encoded without a {@code StackOverflowError} and without a depth limit.
 * The bytes are those of a recursive walk.
 */
final class KeyWriter {
  static final String FIX =
      "Pass a value that identifies it instead, mark the field transient, or mark the method @NotCached.";
  static final String JDK_LAMBDA =
      "it is a lambda made inside the JDK, whose captured values astrocache cannot read";
  static final String NOT_A_VALUE =
      "it is not a value astrocache can encode (such as a connection, a stream, a thread or a lock)";

  /** What {@link #step} returns when a frame has no child left. */
  private static final Object DONE = new Object();

  private static final int F_FIELDS = 1, F_LIST = 2, F_ITERATED = 3, F_SET = 4, F_MAP = 5,
      F_ORDERED_MAP = 6, F_ARRAY = 7, F_ONE = 8, F_ENTRY = 9, F_ATOMIC_ARRAY = 10, F_PREFIX = 11;
  private static final int SEG_FIELD = 1, SEG_INDEX = 2, SEG_MAP_KEY = 3, SEG_MAP_VALUE = 4,
      SEG_TEXT = 5;

  /**
   * Whether the frame's iteration has another element; a collection whose size changes while
   * it is read (another thread, a lazy view) throws ConcurrentModificationException.
   */
  private static boolean hasNext(Frame f) {
    if (!f.it.hasNext()) {
      if (f.i != f.n) {
        throw new ConcurrentModificationException();
      }
      return false;
    }
    if (f.i == f.n) {
      throw new ConcurrentModificationException();
    }
    return true;
  }

  /** A container being encoded: how far it got, and which of its children is being written. */
  private static final class Frame {
    int kind;
    Object v;
    KeyClass kc;
    int i;
    int n;
    Iterator<?> it;
    /** A map entry whose value is still to write. */
    Map.Entry<?, ?> entry;
    /** Where the encodings of a set's elements or a map's entries start, to sort them. */
    int start;
    int[] offsets;
    /** A comparator to encode before the content (ORDERED), or null. */
    Object prefix;
    /** After the own fields of a user class extending a JDK collection: its content (a KeyClass kind), else 0. */
    int content;
    /** The mode to restore when the frame is done. */
    Mode mode;
    Object one;
    int seg;
    int segIndex;
    Object segKey;
    String segText;

    void reset(int kind, Object v, KeyClass kc, Mode mode) {
      this.kind = kind;
      this.v = v;
      this.kc = kc;
      this.mode = mode;
      i = 0;
      n = 0;
      it = null;
      entry = null;
      offsets = null;
      prefix = null;
      content = 0;
      one = null;
      seg = 0;
      segKey = null;
      segText = null;
    }

    String segment() {
      return switch (seg) {
        case SEG_FIELD -> kc.fieldPaths[segIndex];
        case SEG_INDEX -> "[" + segIndex + "]";
        case SEG_MAP_KEY -> "{" + render(segKey) + "}";
        case SEG_MAP_VALUE -> "[" + render(segKey) + "]";
        case SEG_TEXT -> segText;
        default -> "";
      };
    }
  }

  private final ByteSink out = new ByteSink(128);
  private final CodeIdentity code;
  private Mode mode;
  private final Set<Class<?>> visited;
  /**
   * Where a STATE reading notes what it cannot read (a JDK lambda, a class whose package is not
   * open), encoding it by its class; null to fail on those as {@link #encode} always has.
   */
  private final List<ImplState.Unreadable> unreadable;
  /**
   * Each thread's path and frames, reused by the encodings it runs one after the other (an
   * argument is encoded in about 100 ns, of which making these took a good part); an encoding
   * that starts while another is running on the thread (a value's getter calling a cached
   * method) makes its own.
   */
  private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>() {
    // not withInitial(Scratch::new): no method reference on a fresh JVM's first key (issue 13)
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

  private static final class Scratch {
    boolean inUse;
    final OnPath path = new OnPath();
    Frame[] frames = new Frame[8];
  }

  /** The containers on the path from the root, for cycle detection by identity. */
  private OnPath path;
  private Frame[] frames;
  /** The thread's scratch when this encoding uses it, to give back; else null. */
  private Scratch scratch;
  /** The deepest frame this encoding used, to clear what the frames still hold at the end. */
  private int deepest = -1;
  /** A value that holds no others while it is written (its getters may throw), else null. */
  private Object scalar;
  /**
   * The value being encoded. In STATE mode it is the implementation, whose code the method
   * fingerprint already covers precisely: its own {@code codeOf} would make every unrelated edit
   * of the class a miss.
   */
  private Object root;

  KeyWriter(CodeIdentity code, Mode mode, Set<Class<?>> visited) {
    this(code, mode, visited, null);
  }

  KeyWriter(CodeIdentity code, Mode mode, Set<Class<?>> visited,
      List<ImplState.Unreadable> unreadable) {
    this.code = code;
    this.mode = mode;
    this.visited = visited;
    this.unreadable = unreadable;
  }

  byte[] encode(Object root) throws UnencodableValueException {
    return encodeInside(root, root);
  }

  /**
   * The encoding of {@code value}, one of {@code root}'s fields, in STATE mode: {@code root} is
   * the impl, whose code is not its identity, wherever it appears inside {@code value} (where
   * it is encoded once more, then a back reference).
   */
  byte[] encodeInside(Object root, Object value) throws UnencodableValueException {
    this.root = root;
    Scratch sc = SCRATCH.get();
    if (sc.inUse) {
      path = new OnPath();
      frames = new Frame[8];
    } else {
      sc.inUse = true;
      scratch = sc;
      path = sc.path;
      frames = sc.frames;
    }
    try {
      return walk(root, value);
    } finally {
      release();
    }
  }

  /** Gives the scratch back, holding nothing of this encoding's values. */
  private void release() {
    if (scratch == null) {
      return;
    }
    path.clear();
    for (int d = 0; d <= deepest; d++) {
      frames[d].reset(0, null, null, null);
    }
    scratch.frames = frames;
    scratch.inUse = false;
    scratch = null;
  }

  private byte[] walk(Object root, Object value) throws UnencodableValueException {
    try {
      boolean started = false;
      while (!started || path.size() > 0) {
        try {
          if (!started) {
            started = true;
            value(value);
            continue;
          }
          Frame f = frames[path.size() - 1];
          if (!step(f)) {
            finish(f);
          }
        } catch (ValueFailure e) {
          throw e;
        } catch (RuntimeException e) {
          // its own code threw while it was read: a lazy collection, one changed by another
          // thread, a non-lenient Calendar whose fields make no date. The top frame is the
          // container that was being read, or none: the root itself
          if (scalar != null) {
            // a value that holds no others: it failed where it is, inside the top frame
            throw new ValueFailure(scalar.getClass(), "reading it threw " + e, FIX);
          }
          Class<?> type = path.size() == 0 ? root.getClass() : frames[path.size() - 1].kc.type;
          throw new ValueFailure(type, "reading it threw " + e, "Pass a copy that holds"
              + " plain values (such as List.copyOf or Map.copyOf), or mark the method @NotCached.")
              .within(Math.max(0, path.size() - 1));
        }
      }
    } catch (ValueFailure e) {
      for (int d = Math.min(e.within, path.size()) - 1; d >= 0; d--) {
        e.at(frames[d].segment());
      }
      throw new UnencodableValueException(e.path(), e.type, e.reason, e.fix);
    } catch (StackOverflowError e) {
      // a value's own code (an iterator, a getter) recursing on a thread with a small stack
      throw new UnencodableValueException("", root.getClass(), "it is nested too deeply for this"
          + " thread's stack", "Pass a shallower value, or mark the method @NotCached.");
    }
    return out.keyPart(KeyTags.DIGEST);
  }

  /**
   * The part of a key for {@code value}: its encoding when that is at most {@code over} bytes
   * long, else {@link KeyTags#DIGEST} and the encoding's SHA-256, hashed as it is written so that
   * the encoding of a large value is never held whole.
   */
  byte[] keyPart(Object value, int over) throws UnencodableValueException {
    out.spillInto(over);
    return encode(value);
  }

  /**
   * Writes {@code v} if it holds no other values (false), else pushes the frame that will
   * (true).
   */
  private boolean value(Object v) {
    if (v == null) {
      out.write(KeyTags.NULL);
      return false;
    }
    Class<?> type = v.getClass();
    if (type == String.class) { // the commonest arguments skip the class lookup
      out.write(KeyTags.STRING);
      out.writeKeyString((String) v);
      return false;
    }
    if (type == Integer.class) {
      out.write(KeyTags.INT);
      out.writeInt((Integer) v);
      return false;
    }
    KeyClass kc = KeyClass.of(type);
    switch (kc.kind) {
      case KeyClass.ENUM -> {
        if (kc.user) {
          visited.add(kc.type);
          visited.add(kc.enumClass);
        }
        if (kc.fieldsHeader == null) {
          out.write(kc.header);
          out.writeString(((Enum<?>) v).name());
        } else {
          return container(v, kc);
        }
      }
      case KeyClass.JDK_OTHER -> {
        if (mode == Mode.ARGUMENT) {
          throw new ValueFailure(kc.type, NOT_A_VALUE, FIX);
        }
        out.write(kc.service);
        Seeds.ofHolder(v, visited);
      }
      case KeyClass.RECORD, KeyClass.OBJECT, KeyClass.LAMBDA, KeyClass.PROXY, KeyClass.LIST,
          KeyClass.SET, KeyClass.MAP, KeyClass.COLLECTION, KeyClass.ENTRY,
          KeyClass.OBJECT_ARRAY, KeyClass.OPTIONAL, KeyClass.ATOMIC_REFERENCE,
          KeyClass.ATOMIC_REFERENCE_ARRAY, KeyClass.ATOMIC_STAMPED,
          KeyClass.ATOMIC_MARKABLE -> {
        return container(v, kc);
      }
      default -> {
        scalar = v;
        if (kc.kind >= KeyClass.FIRST_JDK_SETTINGS) {
          KeyJdk.write(out, v, kc.kind);
        } else {
          KeyScalars.write(out, v, kc.kind);
        }
        scalar = null;
      }
    }
    return false;
  }

  /**
   * In a lenient STATE reading, notes that {@code kc}'s objects cannot be read and encodes this
   * one by its class and code; returns false in other readings, which fail instead.
   */
  private boolean unreadable(KeyClass kc, String reason) {
    if (unreadable == null || mode != Mode.STATE) {
      return false;
    }
    unreadable.add(new ImplState.Unreadable("", kc.type, reason));
    out.write(KeyTags.OPAQUE);
    out.writeString(KeyClass.stableName(kc.type));
    out.writeBytes(codeOf(kc.type));
    return true;
  }

  /**
   * Values that can hold other values, hence cycles: a back reference if {@code v} is on the
   * path, else a new frame. What can fail about {@code v} as a whole fails here, before its
   * frame exists, so that the path of the failure ends at its parent.
   */
  private boolean container(Object v, KeyClass kc) {
    int at = path.indexOf(v);
    if (at >= 0) {
      out.write(KeyTags.BACK_REFERENCE);
      out.writeVarint(path.size() - at);
      return false;
    }
    switch (kc.kind) {
      case KeyClass.RECORD -> {
        if (kc.user) {
          visited.add(kc.type);
        }
        if (kc.inaccessible != null) {
          if (!unreadable(kc, kc.inaccessible)) {
            throw new ValueFailure(kc.type, kc.inaccessible, FIX);
          }
          return false;
        }
        // the values of @NotKey components are not part of the key, but code the call may run
        Seeds.ofTransientFields(v, visited);
        push(F_FIELDS, v, kc);
        out.write(kc.header);
      }
      case KeyClass.OBJECT -> {
        visited.add(kc.type);
        // not values of the key, but code the call may run
        Seeds.ofTransientFields(v, visited);
        if (kc.inaccessible != null && unreadable(kc, kc.inaccessible)) {
          return false;
        }
        if (kc.inaccessible != null || (kc.hiddenState != null && mode == Mode.ARGUMENT)) {
          if (mode == Mode.ARGUMENT) {
            throw new ValueFailure(kc.type, kc.inaccessible != null ? kc.inaccessible : kc.hiddenState, FIX);
          }
          out.write(KeyTags.OPAQUE);
          out.writeString(kc.type.getName());
          out.writeBytes(codeOf(kc.type));
          return false;
        }
        byte[] identity = mode == Mode.STATE && v == root ? null : codeOf(kc.type);
        push(F_FIELDS, v, kc);
        out.write(kc.header);
        if (identity != null) {
          out.writeBytes(identity);
        }
      }
      case KeyClass.ENUM -> {
        // an enum constant is a program-wide singleton: its fields are state, as an impl's
        // are, whether it is the impl, held in the state or passed as an argument
        if (kc.inaccessible != null) {
          // its fields cannot be read (a package not open to astrocache): its name, as before
          // enums counted by their fields, rather than OPAQUE, which would lose even that
          out.write(kc.header);
          out.writeString(((Enum<?>) v).name());
          return false;
        }
        Seeds.ofTransientFields(v, visited);
        push(F_FIELDS, v, kc);
        mode = Mode.STATE;
        out.write(kc.fieldsHeader);
        out.writeString(((Enum<?>) v).name());
        out.write(kc.fieldNames);
      }
      case KeyClass.LAMBDA -> {
        if (kc.user) {
          visited.add(kc.type);
        }
        if (kc.inaccessible != null) {
          // even in STATE mode: its captured values may be user code (Comparator.comparing(f)),
          // and two impls that differ only there must not share entries, unless the reading is
          // the lenient one of an impl's state, which counts it by class and warns at wrap
          if (!unreadable(kc, JDK_LAMBDA)) {
            throw new ValueFailure(kc.type, JDK_LAMBDA, FIX);
          }
          return false;
        }
        byte[] identity = codeOf(kc.type);
        push(F_FIELDS, v, kc);
        out.write(kc.header);
        out.writeBytes(identity);
        out.write(lambdaTarget(v, kc));
        out.writeVarint(kc.fields.length);
      }
      case KeyClass.PROXY -> {
        Class<?>[] ifaces = v.getClass().getInterfaces();
        Frame f = push(F_ONE, v, kc);
        out.write(KeyTags.PROXY);
        out.writeVarint(ifaces.length);
        for (Class<?> i : ifaces) {
          out.writeString(i.getName());
        }
        one(f, Proxy.getInvocationHandler(v), ".handler");
      }
      case KeyClass.LIST, KeyClass.SET, KeyClass.MAP, KeyClass.COLLECTION -> {
        if (kc.user) {
          visited.add(kc.type);
        }
        if (kc.ownFields) {
          if (kc.inaccessible != null) {
            if (mode == Mode.ARGUMENT) {
              throw new ValueFailure(kc.type, kc.inaccessible, FIX);
            }
            out.write(KeyTags.OPAQUE);
            out.writeString(kc.type.getName());
            out.writeBytes(codeOf(kc.type));
            return false;
          }
          Frame f = push(F_FIELDS, v, kc);
          f.content = kc.kind;
          out.write(kc.fieldsHeader);
        } else {
          content(push(0, v, kc), kc.kind);
        }
      }
      case KeyClass.ENTRY -> {
        if (kc.user) {
          visited.add(kc.type);
        }
        push(F_ENTRY, v, kc);
        out.write(KeyTags.ENTRY);
      }
      case KeyClass.OBJECT_ARRAY -> {
        Frame f = push(F_ARRAY, v, kc);
        f.n = ((Object[]) v).length;
        out.write(kc.header);
        out.writeVarint(f.n);
      }
      case KeyClass.OPTIONAL -> {
        Optional<?> o = (Optional<?>) v;
        Frame f = push(F_ONE, v, kc);
        out.write(KeyTags.OPTIONAL);
        if (o.isEmpty()) {
          out.write(0);
        } else {
          out.write(1);
          one(f, o.get(), ".get()");
        }
      }
      case KeyClass.ATOMIC_REFERENCE -> {
        Frame f = push(F_ONE, v, kc);
        out.write(KeyTags.ATOMIC_REFERENCE);
        one(f, ((AtomicReference<?>) v).get(), ".get()");
      }
      case KeyClass.ATOMIC_STAMPED -> {
        int[] stamp = new int[1];
        Object ref = ((AtomicStampedReference<?>) v).get(stamp);
        Frame f = push(F_ONE, v, kc);
        out.write(KeyTags.ATOMIC_STAMPED);
        out.writeInt(stamp[0]);
        one(f, ref, ".getReference()");
      }
      case KeyClass.ATOMIC_MARKABLE -> {
        boolean[] mark = new boolean[1];
        Object ref = ((AtomicMarkableReference<?>) v).get(mark);
        Frame f = push(F_ONE, v, kc);
        out.write(KeyTags.ATOMIC_MARKABLE);
        out.write(mark[0] ? 1 : 0);
        one(f, ref, ".getReference()");
      }
      case KeyClass.ATOMIC_REFERENCE_ARRAY -> {
        Frame f = push(F_ATOMIC_ARRAY, v, kc);
        f.n = ((AtomicReferenceArray<?>) v).length();
        out.write(KeyTags.ATOMIC_REFERENCE_ARRAY);
        out.writeVarint(f.n);
      }
      default -> throw new AssertionError(kc.kind);
    }
    return true;
  }

  private static void one(Frame f, Object child, String segment) {
    f.one = child;
    f.n = 1;
    f.segText = segment;
  }

  private Frame push(int kind, Object v, KeyClass kc) {
    int d = path.size();
    if (d == frames.length) {
      frames = Arrays.copyOf(frames, d * 2);
    }
    Frame f = frames[d];
    if (f == null) {
      f = frames[d] = new Frame();
    }
    if (d > deepest) {
      deepest = d;
    }
    f.reset(kind, v, kc, mode);
    path.push(v);
    return f;
  }

  /** The frame is done: sorts what needs sorting, restores the mode, leaves the path. */
  private void finish(Frame f) {
    if (f.offsets != null) {
      f.offsets[f.n] = out.size;
      sortSlices(f.start, f.offsets, f.n);
      out.pinned--;
    }
    mode = f.mode;
    f.v = null;
    f.one = null;
    f.it = null;
    f.entry = null;
    f.prefix = null;
    path.pop();
  }

  /**
   * Starts the content of a list, set, map or other collection in {@code f}: the comparator of
   * a sorted one comes first, then its tag and count.
   */
  private void content(Frame f, int kind) {
    Object v = f.v;
    Comparator<?> c = null;
    if (v instanceof SortedSet<?> s) {
      c = s.comparator();
    } else if (v instanceof SortedMap<?, ?> m) {
      c = m.comparator();
    } else if (v instanceof PriorityQueue<?> q) {
      c = q.comparator();
    } else if (v instanceof PriorityBlockingQueue<?> q) {
      c = q.comparator();
    }
    f.content = kind;
    if (c != null) {
      // a sort order other than the natural one is behaviour (first(), which of two elements
      // add keeps): the comparator goes before the elements. A JDK comparator without state
      // (reverseOrder(), CASE_INSENSITIVE_ORDER) is its class
      out.write(KeyTags.ORDERED);
      KeyClass ckc = KeyClass.of(c.getClass());
      if (ckc.stateless) {
        out.write(ckc.service);
      } else {
        f.prefix = c;
        f.kind = F_PREFIX;
        return;
      }
    }
    begin(f);
  }

  /** Writes the tag and count of {@code f}'s collection and readies the walk of its elements. */
  private void begin(Frame f) {
    Object v = f.v;
    f.i = 0;
    switch (f.content) {
      case KeyClass.LIST -> {
        List<?> list = (List<?>) v;
        f.n = list.size();
        out.write(KeyTags.LIST);
        out.writeVarint(f.n);
        if (list instanceof RandomAccess) {
          f.kind = F_LIST;
        } else {
          f.kind = F_ITERATED;
          f.it = list.iterator();
        }
      }
      case KeyClass.COLLECTION -> {
        Collection<?> c = (Collection<?>) v;
        f.n = c.size();
        out.write(f.kc.header);
        out.writeVarint(f.n);
        f.kind = F_ITERATED;
        f.it = c.iterator();
      }
      case KeyClass.SET -> {
        Set<?> set = (Set<?>) v;
        f.n = set.size();
        if (KeyOrder.iterationOrder(set, f.n)) {
          out.write(KeyTags.ORDERED_SET);
          out.writeVarint(f.n);
          f.kind = F_ITERATED;
        } else {
          out.write(KeyTags.SET);
          out.writeVarint(f.n);
          f.kind = F_SET;
          f.start = out.size;
          f.offsets = new int[f.n + 1];
          out.pinned++; // sorted in the buffer when complete
        }
        f.it = set.iterator();
      }
      case KeyClass.MAP -> {
        Map<?, ?> map = (Map<?, ?>) v;
        if (map instanceof Properties p) {
          defaults(p);
        }
        f.n = map.size();
        if (KeyOrder.iterationOrder(map, f.n)) {
          out.write(KeyTags.ORDERED_MAP);
          out.writeVarint(f.n);
          f.kind = F_ORDERED_MAP;
        } else {
          out.write(KeyTags.MAP);
          out.writeVarint(f.n);
          f.kind = F_MAP;
          f.start = out.size;
          f.offsets = new int[f.n + 1];
          out.pinned++; // sorted in the buffer when complete
        }
        f.it = map.entrySet().iterator();
      }
      default -> throw new AssertionError(f.content);
    }
  }

  /**
   * The properties a {@code Properties} answers from its defaults ({@code getProperty} falls
   * back to them, and they are not entries of the map), before its own entries: nothing when
   * none answers from them, so that a plain one encodes as any other map.
   */
  private void defaults(Properties p) {
    TreeMap<String, String> fromDefaults = null;
    for (String name : p.stringPropertyNames()) {
      if (!p.containsKey(name)) {
        if (fromDefaults == null) {
          fromDefaults = new TreeMap<>();
        }
        fromDefaults.put(name, p.getProperty(name));
      }
    }
    if (fromDefaults != null) {
      out.write(KeyTags.PROPERTIES_DEFAULTS);
      out.writeVarint(fromDefaults.size());
      for (Map.Entry<String, String> e : fromDefaults.entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue());
      }
    }
  }

  /**
   * Writes {@code f}'s next children until one is a container, whose frame it pushes (true),
   * or none is left (false). Sets, before each child, the segment that names it in the path of
   * a failure.
   */
  private boolean step(Frame f) {
    while (true) {
      switch (f.kind) {
        case F_FIELDS -> {
          Object child = fields(f);
          if (child != DONE) {
            if (value(child)) {
              return true;
            }
            continue;
          }
          if (f.content == 0) {
            return false;
          }
          content(f, f.content);
        }
        case F_PREFIX -> {
          if (f.prefix != null) {
            Object c = f.prefix;
            f.prefix = null;
            f.seg = SEG_TEXT;
            f.segText = ".comparator()";
            if (value(c)) {
              return true;
            }
            continue;
          }
          // the comparator is written: now the collection itself
          begin(f);
        }
        case F_LIST -> {
          if (f.i == f.n) {
            return false;
          }
          f.seg = SEG_INDEX;
          f.segIndex = f.i;
          if (value(((List<?>) f.v).get(f.i++))) {
            return true;
          }
          continue;
        }
        case F_ITERATED -> {
          if (!hasNext(f)) {
            return false;
          }
          Object e = f.it.next();
          f.seg = SEG_INDEX;
          f.segIndex = f.i++;
          if (value(e)) {
            return true;
          }
          continue;
        }
        case F_SET -> {
          if (!hasNext(f)) {
            return false;
          }
          Object e = f.it.next();
          f.offsets[f.i] = out.size;
          f.seg = SEG_INDEX;
          f.segIndex = f.i++;
          if (value(e)) {
            return true;
          }
          continue;
        }
        case F_MAP, F_ORDERED_MAP -> {
          if (f.entry != null) {
            Map.Entry<?, ?> e = f.entry;
            f.entry = null;
            f.seg = SEG_MAP_VALUE;
            if (value(e.getValue())) {
              return true;
            }
            continue;
          }
          if (!hasNext(f)) {
            return false;
          }
          Map.Entry<?, ?> e = (Map.Entry<?, ?>) f.it.next();
          if (f.offsets != null) {
            f.offsets[f.i] = out.size;
          }
          f.i++;
          f.entry = e;
          f.seg = SEG_MAP_KEY;
          f.segKey = e.getKey();
          if (value(f.segKey)) {
            return true;
          }
          continue;
        }
        case F_ARRAY -> {
          if (f.i == f.n) {
            return false;
          }
          f.seg = SEG_INDEX;
          f.segIndex = f.i;
          if (value(((Object[]) f.v)[f.i++])) {
            return true;
          }
          continue;
        }
        case F_ATOMIC_ARRAY -> {
          if (f.i == f.n) {
            return false;
          }
          f.seg = SEG_INDEX;
          f.segIndex = f.i;
          if (value(((AtomicReferenceArray<?>) f.v).get(f.i++))) {
            return true;
          }
          continue;
        }
        case F_ONE -> {
          if (f.i == f.n) {
            return false;
          }
          f.i++;
          f.seg = SEG_TEXT;
          if (value(f.one)) {
            return true;
          }
          continue;
        }
        case F_ENTRY -> {
          Map.Entry<?, ?> e = (Map.Entry<?, ?>) f.v;
          f.seg = SEG_TEXT;
          switch (f.i++) {
            case 0 -> {
              f.segText = ".getKey()";
              if (value(e.getKey())) {
                return true;
              }
              continue;
            }
            case 1 -> {
              f.segText = ".getValue()";
              if (value(e.getValue())) {
                return true;
              }
              continue;
            }
            default -> {
              return false;
            }
          }
        }
        default -> throw new AssertionError(f.kind);
      }
    }
  }

  /** Writes primitive fields up to the next reference field, and returns its value or DONE. */
  private Object fields(Frame f) {
    KeyClass kc = f.kc;
    Field[] fs = kc.fields;
    int[] prims = kc.primitives;
    Object v = f.v;
    while (f.i < fs.length) {
      int i = f.i++;
      Field field = fs[i];
      f.seg = SEG_FIELD;
      f.segIndex = i;
      try {
        switch (prims[i]) {
          case 0 -> {
            return field.get(v);
          }
          case KeyClass.INT -> {
            out.write(KeyTags.INT);
            out.writeInt(field.getInt(v));
          }
          case KeyClass.LONG -> {
            out.write(KeyTags.LONG);
            out.writeLong(field.getLong(v));
          }
          case KeyClass.DOUBLE -> {
            out.write(KeyTags.DOUBLE);
            out.writeLong(Double.doubleToLongBits(field.getDouble(v)));
          }
          case KeyClass.BOOLEAN -> out.write(field.getBoolean(v) ? KeyTags.TRUE : KeyTags.FALSE);
          case KeyClass.FLOAT -> {
            out.write(KeyTags.FLOAT);
            out.writeInt(Float.floatToIntBits(field.getFloat(v)));
          }
          case KeyClass.BYTE -> {
            out.write(KeyTags.BYTE);
            out.write(field.getByte(v));
          }
          case KeyClass.SHORT -> {
            out.write(KeyTags.SHORT);
            out.writeShort(field.getShort(v));
          }
          case KeyClass.CHAR -> {
            out.write(KeyTags.CHAR);
            out.writeShort(field.getChar(v));
          }
          default -> throw new AssertionError(prims[i]);
        }
      } catch (IllegalAccessException e) {
        throw new ValueFailure(kc.type, "its field " + field.getName() + " cannot be read: "
            + e.getMessage(), FIX);
      }
    }
    return DONE;
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
