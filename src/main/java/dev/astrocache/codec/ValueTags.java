package dev.astrocache.codec;

/**
 * The tags of the {@code astrocache} value format. A payload is the format version byte
 * ({@link #VERSION}) and one value; a value is a tag byte and its content. Integers are zigzag
 * LEB128 varints, lengths and counts unsigned LEB128 varints, floats and doubles their raw
 * bits (4 and 8 bytes, big-endian), strings ({@code str}) a varint byte length and WTF-8.
 * A class reference ({@code cls}) is a varint: 0 and then a str class name, which the payload
 * numbers 1, 2, ... in order of appearance, or the number of a name given before.
 *
 * <p>Changing any of this breaks every stored entry: bump {@link #VERSION} and regenerate
 * {@code src/test/resources/codec/golden-values.txt}.
 */
final class ValueTags {
  private ValueTags() {}

  static final int VERSION = 1;

  /** null, false, true */
  static final int NULL = 0, FALSE = 1, TRUE = 2;
  /** Byte (1 byte), Short (2), Character (2), Integer (zigzag), Long (zigzag), Float, Double */
  static final int BYTE = 3, SHORT = 4, CHAR = 5, INT = 6, LONG = 7, FLOAT = 8, DOUBLE = 9;
  /** String (str); BigInteger (varint length, toByteArray); BigDecimal (zigzag scale, BigInteger) */
  static final int STRING = 10, BIG_INTEGER = 11, BIG_DECIMAL = 12;
  /** enum: cls (must be an enum), str name */
  static final int ENUM = 16;
  /** record: cls (must be a record), varint count (must match), components */
  static final int RECORD = 17;
  /** lists: varint count, elements. LIST_UNMODIFIABLE reads back as List.of (or an unmodifiable list if it holds null) */
  static final int ARRAY_LIST = 32, LINKED_LIST = 33, LIST_UNMODIFIABLE = 34;
  /** sets: varint count, elements in iteration order. SET_UNMODIFIABLE keeps that order */
  static final int HASH_SET = 35, LINKED_HASH_SET = 36, TREE_SET = 37, SET_UNMODIFIABLE = 38;
  /** maps: varint count, (key, value) in iteration order. MAP_UNMODIFIABLE keeps that order */
  static final int HASH_MAP = 39, LINKED_HASH_MAP = 40, TREE_MAP = 41, MAP_UNMODIFIABLE = 42;
  /** Arrays.asList: varint count, elements; read back as Arrays.asList */
  static final int ARRAYS_AS_LIST = 43;
  /** primitive arrays: varint length, elements (boolean 1 byte, others fixed width) */
  static final int BOOLEAN_ARRAY = 48, BYTE_ARRAY = 49, SHORT_ARRAY = 50, CHAR_ARRAY = 51,
      INT_ARRAY = 52, LONG_ARRAY = 53, FLOAT_ARRAY = 54, DOUBLE_ARRAY = 55;
  /** other arrays: cls component type, varint length, elements */
  static final int OBJECT_ARRAY = 56;
  /** Optional.empty(); Optional.of(value); OptionalInt/Long/Double: 0, or 1 and the content */
  static final int OPTIONAL_EMPTY = 64, OPTIONAL = 65, OPTIONAL_INT = 66, OPTIONAL_LONG = 67,
      OPTIONAL_DOUBLE = 68;
  /**
   * java.time: Instant, Duration (zigzag seconds, varint nanos); LocalDate (zigzag epoch day);
   * LocalTime (varint nano of day); LocalDateTime (date, time); OffsetDateTime (date, time,
   * zigzag offset seconds); OffsetTime (time, offset); ZonedDateTime (date, time, offset, str
   * zone); ZoneId (str id); Period (3 zigzag); Year (zigzag); YearMonth (zigzag year, month
   * byte); MonthDay (month byte, day byte)
   */
  static final int INSTANT = 80, DURATION = 81, LOCAL_DATE = 82, LOCAL_TIME = 83,
      LOCAL_DATE_TIME = 84, OFFSET_DATE_TIME = 85, OFFSET_TIME = 86, ZONED_DATE_TIME = 87,
      ZONE_ID = 88, PERIOD = 89, YEAR = 90, YEAR_MONTH = 91, MONTH_DAY = 92;
  /** UUID: 8 + 8 bytes */
  static final int UUID = 96;
  /** another Serializable value: varint length, a java.io serialization stream */
  static final int JAVA_SERIALIZED = 112;
}
