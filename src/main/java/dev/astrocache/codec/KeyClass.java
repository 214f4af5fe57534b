package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicMarkableReference;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicStampedReference;
import java.util.regex.Pattern;

/**
 * What the canonical encoder knows of one class, computed once per class (reflection is far too
 * slow for the hit path): its kind, the pre-encoded bytes that name it, and its readable fields.
 */
final class KeyClass {
  static final int STRING = 1, BOOLEAN = 2, BYTE = 3, SHORT = 4, CHAR = 5, INT = 6, LONG = 7,
      FLOAT = 8, DOUBLE = 9, BIG_INTEGER = 10, BIG_DECIMAL = 11, ENUM = 12, RECORD = 13,
      OBJECT = 14, LAMBDA = 15, PROXY = 16, LIST = 17, SET = 18, MAP = 19, COLLECTION = 20,
      ENTRY = 21, BOOLEAN_ARRAY = 22, BYTE_ARRAY = 23, SHORT_ARRAY = 24, CHAR_ARRAY = 25,
      INT_ARRAY = 26, LONG_ARRAY = 27, FLOAT_ARRAY = 28, DOUBLE_ARRAY = 29, OBJECT_ARRAY = 30,
      OPTIONAL = 31, OPTIONAL_INT = 32, OPTIONAL_LONG = 33, OPTIONAL_DOUBLE = 34, INSTANT = 35,
      DURATION = 36, LOCAL_DATE = 37, LOCAL_TIME = 38, LOCAL_DATE_TIME = 39,
      OFFSET_DATE_TIME = 40, OFFSET_TIME = 41, ZONED_DATE_TIME = 42, ZONE_ID = 43, PERIOD = 44,
      YEAR = 45, YEAR_MONTH = 46, MONTH_DAY = 47, UUID_KIND = 48, CLASS = 49, PATH = 50,
      URI_KIND = 51, URL_KIND = 52, FILE = 53, LOCALE = 54, CHARSET = 55, PATTERN = 56,
      CHAR_SEQUENCE = 57, DATE = 58, CURRENCY = 59, BIT_SET = 60, JDK_OTHER = 61,
      DATE_TIME_FORMATTER = 62, ATOMIC_REFERENCE = 63, ATOMIC_REFERENCE_ARRAY = 64,
      ATOMIC_STAMPED = 65, ATOMIC_MARKABLE = 66;
  /** JDK objects that count by the settings their public API reads, written by {@link KeyJdk}. */
  static final int FIRST_JDK_SETTINGS = 100, CLOCK = 100, MATH_CONTEXT = 101, TIME_ZONE = 102,
      DECIMAL_FORMAT = 103, CHOICE_FORMAT = 104, DECIMAL_FORMAT_SYMBOLS = 105,
      SIMPLE_DATE_FORMAT = 106, DATE_FORMAT_SYMBOLS = 107, CALENDAR = 108, ATOMIC_BOOLEAN = 109,
      ATOMIC_INTEGER = 110, ATOMIC_LONG = 111, ATOMIC_INTEGER_ARRAY = 112,
      ATOMIC_LONG_ARRAY = 113, LONG_ADDER = 114, DOUBLE_ADDER = 115, INET_ADDRESS = 116,
      INET_SOCKET_ADDRESS = 117, HEX_FORMAT = 118, CHRONO_DATE = 119;

  private static final Map<Class<?>, Integer> EXACT = exactKinds();
  /** The annotation that leaves a field or record component out of the key. */
  static final String NOT_KEY = "dev.astrocache.NotKey";

  private static final ClassValue<KeyClass> CACHE = new ClassValue<>() {
    @Override
    protected KeyClass computeValue(Class<?> type) {
      return new KeyClass(type);
    }
  };

  static KeyClass of(Class<?> type) {
    return CACHE.get(type);
  }

  final Class<?> type;
  final int kind;
  /** Not loaded by the boot or platform loader: reported in visitedTypes. */
  final boolean user;
  /** The bytes that open this class's encoding (tag, class name, field names). */
  final byte[] header;
  /** The SERVICE tag and the class name, for STATE mode. */
  final byte[] service;
  /**
   * An enum with instance fields (ENUM_FIELDS and its declaring class), or a class of the
   * user's extending a JDK collection, with fields of its own (COLLECTION_FIELDS, class, field
   * names); else null.
   */
  final byte[] fieldsHeader;
  /** An enum's field names (varint count, str each), written after the constant's name. */
  final byte[] fieldNames;
  /** A class of the user's that extends a concrete JDK collection and has fields of its own. */
  final boolean ownFields;
  /** Fields to encode in order: record components, plain object fields, captured values. */
  final Field[] fields;
  /**
   * Fields and record components marked {@code @NotKey}, made accessible: out of the key, but
   * the classes their values hold are visited, as the code the call runs.
   */
  final Field[] notKey;
  /** {@code ".name"} of each field, for error paths. */
  final String[] fieldPaths;
  /** Per field: 0 for a reference, else the kind of its primitive type (INT, LONG, ...). */
  final int[] primitives;
  /** Why the fields cannot be read, or null. */
  final String inaccessible;
  /** Why part of a plain object's state is out of reach (a stateful JDK superclass), or null. */
  final String hiddenState;
  /** A JDK object that is not a value and has no instance fields: its class is all it is. */
  final boolean stateless;
  /** A serializable lambda's {@code writeReplace}, or null. */
  final Method writeReplace;
  /** The enum declaring class, for enum constants with a body. */
  final Class<?> enumClass;
  /** A serializable lambda's implementation method, encoded on first use. */
  volatile byte[] lambdaTarget;

  private KeyClass(Class<?> type) {
    this.type = type;
    this.user = !Classes.isJdk(type);
    this.kind = kindOf(type);
    this.service = bytes(KeyTags.SERVICE, stableName(type));
    Field[] fs = new Field[0];
    Field[] nk = new Field[0];
    String why = null;
    Method replace = null;
    Class<?> enumType = null;
    ByteSink h = new ByteSink(64);
    byte[] withFields = null;
    byte[] names = null;
    boolean own = false;
    switch (kind) {
      case ENUM -> {
        enumType = type.isEnum() ? type : type.getSuperclass();
        h.write(KeyTags.ENUM);
        h.writeString(enumType.getName());
        fs = instanceFields(type);
        if (fs.length > 0) {
          withFields = bytes(KeyTags.ENUM_FIELDS, enumType.getName());
          ByteSink n = new ByteSink(64);
          n.writeVarint(fs.length);
          for (Field f : fs) {
            n.writeString(f.getName());
          }
          names = n.toByteArray();
        }
      }
      case LIST, SET, MAP -> {
        if (extendsJdkCollection(type)) {
          fs = instanceFields(type);
          own = fs.length > 0;
          withFields = own ? fieldsHeader(type, fs) : null;
        }
      }
      case RECORD -> {
        RecordComponent[] rc = type.getRecordComponents();
        List<Field> keyed = new ArrayList<>();
        List<Field> unkeyed = new ArrayList<>();
        try {
          for (RecordComponent c : rc) {
            Field f = type.getDeclaredField(c.getName());
            if (!isNotKey(f) && !isNotKey(c)) {
              keyed.add(f);
            } else {
              unkeyed.add(f);
            }
          }
        } catch (NoSuchFieldException e) {
          why = "its record components do not match its fields";
        }
        fs = keyed.toArray(new Field[0]);
        nk = unkeyed.toArray(new Field[0]);
        h.write(KeyTags.RECORD);
        h.writeString(Classes.stableName(type.getName())); // JShell's numbers out
        h.writeVarint(fs.length);
      }
      case OBJECT -> {
        fs = instanceFields(type);
        nk = notKeyFields(type);
        h.write(KeyTags.OBJECT);
        h.writeString(Classes.stableName(type.getName())); // generated suffixes out
        h.writeVarint(fs.length);
        for (Field f : fs) {
          h.writeString(f.getName());
        }
      }
      case LAMBDA -> {
        // its own fields are the captured values, even for a lambda made inside the JDK
        fs = declaredInstanceFields(type);
        h.write(KeyTags.LAMBDA);
        h.writeString(stableName(type));
        Class<?>[] ifaces = type.getInterfaces();
        h.writeVarint(ifaces.length);
        for (Class<?> i : ifaces) {
          h.writeString(i.getName());
        }
        try {
          replace = type.getDeclaredMethod("writeReplace");
          replace.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
          replace = null;
        }
      }
      case COLLECTION -> {
        h.write(KeyTags.COLLECTION);
        h.writeString(type.getName());
        if (extendsJdkCollection(type)) {
          fs = instanceFields(type);
          own = fs.length > 0;
          withFields = own ? fieldsHeader(type, fs) : null;
        }
      }
      case OBJECT_ARRAY -> {
        h.write(KeyTags.OBJECT_ARRAY);
        h.writeString(type.getComponentType().getName());
      }
      default -> { }
    }
    if (why == null && fs.length > 0) {
      try {
        for (Field f : fs) {
          f.setAccessible(true);
        }
      } catch (InaccessibleObjectException | SecurityException e) {
        Module m = type.getModule();
        why = "its fields cannot be read: package " + type.getPackageName() + " of "
            + (m.isNamed() ? "module " + m.getName() : "the unnamed module")
            + " is not open to astrocache (add 'opens " + type.getPackageName()
            + " to dev.astrocache' to its module-info.java)";
      }
    }
    String hidden = null;
    if (kind == OBJECT) {
      supers:
      for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
        if (Classes.isJdk(c)) {
          for (Field f : c.getDeclaredFields()) {
            // transient too: JDK classes keep their state in transient fields (Date, ArrayList)
            if (!Modifier.isStatic(f.getModifiers())) {
              hidden = "it extends " + c.getName() + ", whose fields astrocache cannot read";
              break supers;
            }
          }
        }
      }
    }
    boolean noFields = kind == JDK_OTHER;
    for (Class<?> c = type; noFields && c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          noFields = false;
          break;
        }
      }
    }
    this.stateless = noFields;
    this.fields = fs;
    Field[] readable = nk;
    try {
      for (Field f : nk) {
        f.setAccessible(true);
      }
    } catch (RuntimeException e) {
      readable = new Field[0]; // not open to astrocache: what they hold cannot be seen
    }
    this.notKey = readable;
    this.inaccessible = why;
    this.hiddenState = hidden;
    int[] prims = new int[fs.length];
    for (int i = 0; i < fs.length; i++) {
      Class<?> t = fs[i].getType();
      prims[i] = t.isPrimitive() ? EXACT.get(MethodType.methodType(t).wrap().returnType()) : 0;
    }
    this.primitives = prims;
    this.writeReplace = replace;
    this.enumClass = enumType;
    this.header = h.toByteArray();
    this.fieldsHeader = withFields;
    this.fieldNames = names;
    this.ownFields = own;
    String[] paths = new String[fs.length];
    for (int i = 0; i < fs.length; i++) {
      paths[i] = "." + fs[i].getName();
    }
    this.fieldPaths = paths;
  }

  /**
   * A class of the user's whose nearest JDK superclass is a concrete collection or map
   * ({@code class Labels extends HashMap<String, String>}): the content lives in the JDK class,
   * so the fields the user's classes add are more state. A collection built on a skeleton
   * ({@code AbstractList}) or on the interfaces keeps its content in its own fields, which its
   * content already stands for (Guava's immutable collections, whose hash tables depend on hash
   * codes that change from run to run).
   */
  private static boolean extendsJdkCollection(Class<?> type) {
    if (Classes.isJdk(type)) {
      return false;
    }
    Class<?> c = type.getSuperclass();
    while (c != null && !Classes.isJdk(c)) {
      c = c.getSuperclass();
    }
    return c != null && !Modifier.isAbstract(c.getModifiers())
        && (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c));
  }

  private static byte[] fieldsHeader(Class<?> type, Field[] fs) {
    ByteSink b = new ByteSink(64);
    b.write(KeyTags.COLLECTION_FIELDS);
    b.writeString(type.getName());
    b.writeVarint(fs.length);
    for (Field f : fs) {
      b.writeString(f.getName());
    }
    return b.toByteArray();
  }

  /**
   * {@link Classes#stableName}, except that a proxy class keeps the spelling that key format 1
   * gave it, {@code proxy a.B c.D} (the fingerprint's is {@code proxy[a.B, c.D]}): the name is in
   * the key bytes (a {@code Class} argument, the impl's name), so changing it would change keys.
   * Switch to {@link Classes#stableName} at the next key format bump.
   */
  static String stableName(Class<?> type) {
    if (Proxy.isProxyClass(type)) {
      StringBuilder b = new StringBuilder("proxy");
      for (String i : Classes.proxyInterfaces(type)) {
        b.append(' ').append(i);
      }
      return b.toString();
    }
    return Classes.stableName(type);
  }

  private static byte[] bytes(int tag, String s) {
    ByteSink b = new ByteSink(s.length() + 8);
    b.write(tag);
    b.writeString(s);
    return b.toByteArray();
  }

  private static Field[] declaredInstanceFields(Class<?> type) {
    Field[] declared = type.getDeclaredFields();
    Arrays.sort(declared, BY_NAME);
    List<Field> out = new ArrayList<>();
    for (Field f : declared) {
      if (!Modifier.isStatic(f.getModifiers())) {
        out.add(f);
      }
    }
    return out.toArray(new Field[0]);
  }

  /**
   * Whether {@code f} is annotated {@code @dev.astrocache.NotKey}: its value is left out of the
   * key, as a transient field's is. Read by name, since the codec depends on no class of the
   * front.
   */
  static boolean isNotKey(AnnotatedElement f) {
    for (Annotation a : f.getDeclaredAnnotations()) {
      if (a.annotationType().getName().equals(NOT_KEY)) {
        return true;
      }
    }
    return false;
  }

  /** Non-static, non-transient fields marked {@code @NotKey}, from the top of the hierarchy. */
  private static Field[] notKeyFields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && !Classes.isJdk(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && isNotKey(f)) {
          out.add(f);
        }
      }
    }
    return out.toArray(new Field[0]);
  }

  /** Fields by name; a class, not a method reference, since a fresh JVM's first key sorts. */
  private static final Comparator<Field> BY_NAME = new Comparator<>() {
    @Override
    public int compare(Field a, Field b) {
      return a.getName().compareTo(b.getName());
    }
  };

  /**
   * Non-static, non-transient fields not marked {@code @NotKey}, from the top of the hierarchy
   * down, by name in each class.
   */
  private static Field[] instanceFields(Class<?> type) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != null && !Classes.isJdk(c); c = c.getSuperclass()) {
      chain.add(0, c);
    }
    List<Field> out = new ArrayList<>();
    for (Class<?> c : chain) {
      Field[] declared = c.getDeclaredFields();
      Arrays.sort(declared, BY_NAME);
      for (Field f : declared) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !isNotKey(f)) {
          out.add(f);
        }
      }
    }
    return out.toArray(new Field[0]);
  }

  private static int kindOf(Class<?> type) {
    Integer exact = EXACT.get(type);
    if (exact != null) {
      return exact;
    }
    if (type.isArray()) {
      return OBJECT_ARRAY;
    }
    if (Enum.class.isAssignableFrom(type)) {
      return ENUM;
    }
    if (type.isRecord()) {
      return RECORD;
    }
    if (Classes.isLambda(type)) {
      return LAMBDA;
    }
    if (Proxy.isProxyClass(type)) {
      return PROXY;
    }
    if (List.class.isAssignableFrom(type)) {
      return LIST;
    }
    if (Set.class.isAssignableFrom(type)) {
      return SET;
    }
    if (Map.class.isAssignableFrom(type)) {
      return MAP;
    }
    if (Collection.class.isAssignableFrom(type)) {
      return COLLECTION;
    }
    if (Map.Entry.class.isAssignableFrom(type)) {
      return ENTRY;
    }
    if (Classes.isJdk(type)) {
      int settings = KeyJdk.kindOf(type);
      if (settings != 0) {
        return settings;
      }
    }
    if (ZoneId.class.isAssignableFrom(type)) {
      return ZONE_ID;
    }
    if (Path.class.isAssignableFrom(type)) {
      return PATH;
    }
    if (Charset.class.isAssignableFrom(type)) {
      return CHARSET;
    }
    return Classes.isJdk(type) ? JDK_OTHER : OBJECT;
  }

  private static Map<Class<?>, Integer> exactKinds() {
    Map<Class<?>, Integer> m = new IdentityHashMap<>();
    m.put(String.class, STRING);
    m.put(Boolean.class, BOOLEAN);
    m.put(Byte.class, BYTE);
    m.put(Short.class, SHORT);
    m.put(Character.class, CHAR);
    m.put(Integer.class, INT);
    m.put(Long.class, LONG);
    m.put(Float.class, FLOAT);
    m.put(Double.class, DOUBLE);
    m.put(BigInteger.class, BIG_INTEGER);
    m.put(BigDecimal.class, BIG_DECIMAL);
    m.put(boolean[].class, BOOLEAN_ARRAY);
    m.put(byte[].class, BYTE_ARRAY);
    m.put(short[].class, SHORT_ARRAY);
    m.put(char[].class, CHAR_ARRAY);
    m.put(int[].class, INT_ARRAY);
    m.put(long[].class, LONG_ARRAY);
    m.put(float[].class, FLOAT_ARRAY);
    m.put(double[].class, DOUBLE_ARRAY);
    m.put(Optional.class, OPTIONAL);
    m.put(OptionalInt.class, OPTIONAL_INT);
    m.put(OptionalLong.class, OPTIONAL_LONG);
    m.put(OptionalDouble.class, OPTIONAL_DOUBLE);
    m.put(Instant.class, INSTANT);
    m.put(Duration.class, DURATION);
    m.put(LocalDate.class, LOCAL_DATE);
    m.put(LocalTime.class, LOCAL_TIME);
    m.put(LocalDateTime.class, LOCAL_DATE_TIME);
    m.put(OffsetDateTime.class, OFFSET_DATE_TIME);
    m.put(OffsetTime.class, OFFSET_TIME);
    m.put(ZonedDateTime.class, ZONED_DATE_TIME);
    m.put(Period.class, PERIOD);
    m.put(Year.class, YEAR);
    m.put(YearMonth.class, YEAR_MONTH);
    m.put(MonthDay.class, MONTH_DAY);
    m.put(UUID.class, UUID_KIND);
    m.put(Class.class, CLASS);
    m.put(URI.class, URI_KIND);
    m.put(URL.class, URL_KIND);
    m.put(File.class, FILE);
    m.put(Locale.class, LOCALE);
    m.put(Pattern.class, PATTERN);
    m.put(StringBuilder.class, CHAR_SEQUENCE);
    m.put(StringBuffer.class, CHAR_SEQUENCE);
    m.put(Date.class, DATE);
    m.put(Currency.class, CURRENCY);
    m.put(BitSet.class, BIT_SET);
    m.put(java.time.format.DateTimeFormatter.class, DATE_TIME_FORMATTER);
    m.put(AtomicReference.class, ATOMIC_REFERENCE);
    m.put(AtomicReferenceArray.class, ATOMIC_REFERENCE_ARRAY);
    m.put(AtomicStampedReference.class, ATOMIC_STAMPED);
    m.put(AtomicMarkableReference.class, ATOMIC_MARKABLE);
    return m;
  }
}
