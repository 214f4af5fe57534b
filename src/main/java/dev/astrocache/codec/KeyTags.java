package dev.astrocache.codec;

/**
 * The tags of the canonical key format. Every value is one tag byte and then its content;
 * numbers are big-endian and fixed width, lengths and counts are unsigned LEB128 varints, and
 * strings ({@code str}) are a varint byte length followed by WTF-8 (UTF-8 that also encodes
 * unpaired surrogates). A value's encoding is therefore prefix-free: a concatenation of
 * encodings can be split back in exactly one way.
 *
 * <p>Changing any of this changes every key: bump the format version the front hashes into the
 * key, and regenerate {@code src/test/resources/codec/golden-keys.txt}.
 */
final class KeyTags {
  private KeyTags() {}

  /** null */
  static final int NULL = 0x00;
  /** Boolean false / true */
  static final int FALSE = 0x01, TRUE = 0x02;
  /** Byte: 1 byte; Short: 2; Character: 2 (UTF-16 unit); Integer: 4; Long: 8 */
  static final int BYTE = 0x03, SHORT = 0x04, CHAR = 0x05, INT = 0x06, LONG = 0x07;
  /** Float: floatToIntBits, 4 bytes; Double: doubleToLongBits, 8 bytes (agree with equals) */
  static final int FLOAT = 0x08, DOUBLE = 0x09;
  /**
   * String: str, if it is ASCII or has at most {@code ByteSink.LONG_KEY_STRING} (8192) chars;
   * else varint char count, the ASCII prefix (a byte a char), 0xFF, then the rest as UTF-16
   * code units, little-endian (2 bytes each). 0xFF is in no WTF-8, so the first byte above 0x7F
   * tells the two forms apart. Only here: a str elsewhere (a class, an enum's name, a
   * StringBuilder's content) is always WTF-8
   */
  static final int STRING = 0x0A;
  /** BigInteger: varint length, two's complement bytes (toByteArray) */
  static final int BIG_INTEGER = 0x0B;
  /** BigDecimal: scale (4 bytes), then unscaled value as BIG_INTEGER content */
  static final int BIG_DECIMAL = 0x0C;
  /** enum: str declaring class, str name() */
  static final int ENUM = 0x10;
  /** record: str class, varint count, components in declaration order */
  static final int RECORD = 0x11;
  /**
   * plain object: str class, varint count, str field names, varint length + code identity
   * bytes, field values (fields from the top of the hierarchy down, by name in each class)
   */
  static final int OBJECT = 0x12;
  /**
   * lambda or method reference: str capturing class + "$$Lambda", varint count + str
   * interfaces, varint length + code identity bytes, for a serializable lambda 1 + str
   * implementation class, name, signature and kind (else 0), varint count + captured values
   */
  static final int LAMBDA = 0x13;
  /** STATE mode, a JDK object that is not a value: str class */
  static final int SERVICE = 0x14;
  /** a cycle: varint distance up the path to the object being encoded (1 = the parent) */
  static final int BACK_REFERENCE = 0x15;
  /** a java.lang.reflect.Proxy: varint count + str interfaces, then its handler */
  static final int PROXY = 0x16;
  /**
   * STATE mode, an object outside the JDK whose fields cannot be read (its package is not open
   * to astrocache): str class, varint length + code identity bytes
   */
  static final int OPAQUE = 0x17;
  /**
   * an enum constant whose class declares instance fields (an enum singleton service, a
   * constant holding a rate): str declaring class, str name(), varint count + str field names,
   * field values (as state: a service by its class). An enum without instance fields is ENUM
   */
  static final int ENUM_FIELDS = 0x18;
  /**
   * a class of the user's extending a concrete JDK collection or map with fields of its own
   * ({@code class Labels extends HashMap} with a {@code language} field): str class, varint
   * count + str field names, field values, then the content as a collection of its kind
   */
  static final int COLLECTION_FIELDS = 0x19;
  /**
   * In the state of an impl (not in {@code CanonicalEncoder.encode}), in place of a field whose
   * encoding is longer than 128 bytes, and in place of a key part ({@code
   * CanonicalEncoder.keyPart}, an argument) whose encoding is longer than 64 KiB: the 32-byte
   * SHA-256 of that encoding. Far from the other tags, which are never this value at the start
   * of a field or a part.
   */
  static final int STATE_DIGEST = 0xD1;
  /** {@link #STATE_DIGEST}, by the name its use in key parts gives it. */
  static final int DIGEST = STATE_DIGEST;
  /** any List: varint count, elements in order */
  static final int LIST = 0x20;
  /** any Set: varint count, element encodings sorted bytewise (unsigned) */
  static final int SET = 0x21;
  /** any Map: varint count, (key, value) encodings sorted bytewise (unsigned) */
  static final int MAP = 0x22;
  /** another Collection (a Deque, a Queue): str class, varint count, elements in iteration order */
  static final int COLLECTION = 0x23;
  /** a Map.Entry: key, value */
  static final int ENTRY = 0x24;
  /**
   * a Set or Map of two or more elements that keeps an order of its own (LinkedHashSet,
   * LinkedHashMap, a wrapper of one: its spliterator is ORDERED, and it is not sorted): varint
   * count, elements or (key, value) in iteration order
   */
  static final int ORDERED_SET = 0x26, ORDERED_MAP = 0x27;
  /**
   * prefix of a java.util.Properties that answers some properties from its defaults: varint
   * count, (str name, str getProperty(name)) sorted by name, for the names not in the map
   */
  static final int PROPERTIES_DEFAULTS = 0x28;
  /**
   * prefix of a SortedSet, SortedMap or PriorityQueue whose comparator is not null: the
   * comparator (a stateless JDK one as SERVICE, any other as a value), then the SET, MAP or
   * COLLECTION; its sort order is behaviour ({@code first()}, what {@code add} keeps)
   */
  static final int ORDERED = 0x25;
  /** primitive arrays: varint length, then each element as its fixed-width content */
  static final int BOOLEAN_ARRAY = 0x30, BYTE_ARRAY = 0x31, SHORT_ARRAY = 0x32,
      CHAR_ARRAY = 0x33, INT_ARRAY = 0x34, LONG_ARRAY = 0x35, FLOAT_ARRAY = 0x36,
      DOUBLE_ARRAY = 0x37;
  /** other arrays: str component class, varint length, elements */
  static final int OBJECT_ARRAY = 0x38;
  /** Optional: 0, or 1 and the value; OptionalInt/Long/Double: 0, or 1 and the content */
  static final int OPTIONAL = 0x40, OPTIONAL_INT = 0x41, OPTIONAL_LONG = 0x42,
      OPTIONAL_DOUBLE = 0x43;
  /**
   * java.time: Instant and Duration (seconds 8, nanos 4); LocalDate (year 4, month 1, day 1);
   * LocalTime (nano of day 8); LocalDateTime (date, time); OffsetDateTime (date, time, offset
   * seconds 4); OffsetTime (time, offset); ZonedDateTime (date, time, offset, str zone);
   * ZoneId (str id); Period (years, months, days, 4 each); Year (4); YearMonth (4, 1);
   * MonthDay (1, 1). DayOfWeek and Month are enums.
   */
  static final int INSTANT = 0x50, DURATION = 0x51, LOCAL_DATE = 0x52, LOCAL_TIME = 0x53,
      LOCAL_DATE_TIME = 0x54, OFFSET_DATE_TIME = 0x55, OFFSET_TIME = 0x56,
      ZONED_DATE_TIME = 0x57, ZONE_ID = 0x58, PERIOD = 0x59, YEAR = 0x5A, YEAR_MONTH = 0x5B,
      MONTH_DAY = 0x5C;
  /**
   * UUID (8, 8); Class (str name); Path (str scheme, str path, and for a scheme other than file
   * str toUri, which names the file system: the zip file of a zip file system); URI, URL, File (str);
   * Locale (str language, script, country, variant, toString); Charset (str name);
   * Pattern (str pattern, flags 4); StringBuilder/StringBuffer (str class, str content);
   * java.util.Date (millis 8); Currency (str code); BitSet (as LONG_ARRAY content);
   * DateTimeFormatter (str toString, the pattern as parsed; str locale; decimal style as 4
   * chars of 2 bytes each; str resolver style; resolver fields: varint count + 1, or 0 for
   * none, then str each, sorted; chronology and zone: str id, or "" for none)
   */
  static final int UUID = 0x60, CLASS = 0x61, PATH = 0x62, URI = 0x63, URL = 0x64, FILE = 0x65,
      LOCALE = 0x66, CHARSET = 0x67, PATTERN = 0x68, CHAR_SEQUENCE = 0x69, DATE = 0x6A,
      CURRENCY = 0x6B, BIT_SET = 0x6C, DATE_TIME_FORMATTER = 0x6D;
  /**
   * JDK objects by the settings their public API reads (see {@link KeyJdk} for each layout):
   * Clock, MathContext, TimeZone, DecimalFormat, ChoiceFormat, DecimalFormatSymbols,
   * SimpleDateFormat, DateFormatSymbols, Calendar, AtomicBoolean, AtomicInteger, AtomicLong,
   * AtomicIntegerArray, AtomicLongArray, LongAdder, DoubleAdder, InetAddress,
   * InetSocketAddress, HexFormat, a ChronoLocalDate of another calendar system
   */
  static final int CLOCK = 0x70, MATH_CONTEXT = 0x71, TIME_ZONE = 0x72, DECIMAL_FORMAT = 0x73,
      CHOICE_FORMAT = 0x74, DECIMAL_FORMAT_SYMBOLS = 0x75, SIMPLE_DATE_FORMAT = 0x76,
      DATE_FORMAT_SYMBOLS = 0x77, CALENDAR = 0x78, ATOMIC_BOOLEAN = 0x79, ATOMIC_INTEGER = 0x7A,
      ATOMIC_LONG = 0x7B, ATOMIC_INTEGER_ARRAY = 0x7C, ATOMIC_LONG_ARRAY = 0x7D,
      LONG_ADDER = 0x7E, DOUBLE_ADDER = 0x7F, INET_ADDRESS = 0x80, INET_SOCKET_ADDRESS = 0x81,
      HEX_FORMAT = 0x82, CHRONO_DATE = 0x83;
  /**
   * holders of one value: AtomicReference (the value); AtomicStampedReference (stamp 4, the
   * value); AtomicMarkableReference (mark 1, the value); AtomicReferenceArray (varint length,
   * elements)
   */
  static final int ATOMIC_REFERENCE = 0x88, ATOMIC_STAMPED = 0x89, ATOMIC_MARKABLE = 0x8A,
      ATOMIC_REFERENCE_ARRAY = 0x8B;
}
