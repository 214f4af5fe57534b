package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * How the value format writes each class: a tag for the exact JDK classes it knows, else a kind
 * decided once per class (enum, record, array, unmodifiable collection, view, java.io, none).
 */
final class ValueKinds {
  private ValueKinds() {}

  // kinds other than a tag written as is
  static final int K_ENUM = 1000, K_RECORD = 1001, K_OBJECT_ARRAY = 1002, K_JAVA = 1003,
      K_NONE = 1004, K_ZONE_ID = 1005, K_COLLECTION_VIEW = 1006;

  private static final Map<Class<?>, Integer> EXACT = exact();
  static final ClassValue<Integer> KIND = new ClassValue<>() {
    @Override
    protected Integer computeValue(Class<?> type) {
      return kindOf(type);
    }
  };

  private static int kindOf(Class<?> type) {
    Integer exact = EXACT.get(type);
    if (exact != null) {
      return exact;
    }
    if (Enum.class.isAssignableFrom(type)) {
      return K_ENUM;
    }
    if (type.isRecord()) {
      return K_RECORD;
    }
    if (type.isArray()) {
      return K_OBJECT_ARRAY;
    }
    if (ZoneId.class.isAssignableFrom(type)) {
      return K_ZONE_ID;
    }
    String name = type.getName();
    if (Classes.isJdk(type) && (name.startsWith("java.util.ImmutableCollections$")
        || name.startsWith("java.util.Collections$Unmodifiable")
        || name.startsWith("java.util.Collections$Empty")
        || name.startsWith("java.util.Collections$Singleton"))
        && !SortedSet.class.isAssignableFrom(type) && !SortedMap.class.isAssignableFrom(type)) {
      if (List.class.isAssignableFrom(type)) {
        return ValueTags.LIST_UNMODIFIABLE;
      }
      if (Set.class.isAssignableFrom(type)) {
        return ValueTags.SET_UNMODIFIABLE;
      }
      if (Map.class.isAssignableFrom(type)) {
        return ValueTags.MAP_UNMODIFIABLE;
      }
    }
    boolean serializable = Serializable.class.isAssignableFrom(type);
    if (Classes.isJdk(type) && !serializable && type.getEnclosingClass() != null
        && !SortedSet.class.isAssignableFrom(type) && !SortedMap.class.isAssignableFrom(type)) {
      // a view (subList, keySet, values, ...): its class is private, so the caller can only
      // expect an interface, which an unmodifiable copy satisfies. A public collection class
      // (WeakHashMap) is not a view: its caller may modify it, so it is not cached
      if (Set.class.isAssignableFrom(type)) {
        return ValueTags.SET_UNMODIFIABLE;
      }
      if (Map.class.isAssignableFrom(type)) {
        return ValueTags.MAP_UNMODIFIABLE;
      }
      if (List.class.isAssignableFrom(type)) {
        return ValueTags.LIST_UNMODIFIABLE;
      }
      if (Collection.class.isAssignableFrom(type)) {
        return K_COLLECTION_VIEW;
      }
    }
    return serializable ? K_JAVA : K_NONE;
  }

  private static Map<Class<?>, Integer> exact() {
    Map<Class<?>, Integer> m = new IdentityHashMap<>();
    m.put(String.class, ValueTags.STRING);
    m.put(Boolean.class, ValueTags.TRUE);
    m.put(Byte.class, ValueTags.BYTE);
    m.put(Short.class, ValueTags.SHORT);
    m.put(Character.class, ValueTags.CHAR);
    m.put(Integer.class, ValueTags.INT);
    m.put(Long.class, ValueTags.LONG);
    m.put(Float.class, ValueTags.FLOAT);
    m.put(Double.class, ValueTags.DOUBLE);
    m.put(BigInteger.class, ValueTags.BIG_INTEGER);
    m.put(BigDecimal.class, ValueTags.BIG_DECIMAL);
    m.put(ArrayList.class, ValueTags.ARRAY_LIST);
    m.put(LinkedList.class, ValueTags.LINKED_LIST);
    m.put(Arrays.asList().getClass(), ValueTags.ARRAYS_AS_LIST);
    m.put(HashSet.class, ValueTags.HASH_SET);
    m.put(LinkedHashSet.class, ValueTags.LINKED_HASH_SET);
    m.put(TreeSet.class, ValueTags.TREE_SET);
    m.put(HashMap.class, ValueTags.HASH_MAP);
    m.put(LinkedHashMap.class, ValueTags.LINKED_HASH_MAP);
    m.put(TreeMap.class, ValueTags.TREE_MAP);
    m.put(boolean[].class, ValueTags.BOOLEAN_ARRAY);
    m.put(byte[].class, ValueTags.BYTE_ARRAY);
    m.put(short[].class, ValueTags.SHORT_ARRAY);
    m.put(char[].class, ValueTags.CHAR_ARRAY);
    m.put(int[].class, ValueTags.INT_ARRAY);
    m.put(long[].class, ValueTags.LONG_ARRAY);
    m.put(float[].class, ValueTags.FLOAT_ARRAY);
    m.put(double[].class, ValueTags.DOUBLE_ARRAY);
    m.put(Optional.class, ValueTags.OPTIONAL);
    m.put(OptionalInt.class, ValueTags.OPTIONAL_INT);
    m.put(OptionalLong.class, ValueTags.OPTIONAL_LONG);
    m.put(OptionalDouble.class, ValueTags.OPTIONAL_DOUBLE);
    m.put(Instant.class, ValueTags.INSTANT);
    m.put(Duration.class, ValueTags.DURATION);
    m.put(LocalDate.class, ValueTags.LOCAL_DATE);
    m.put(LocalTime.class, ValueTags.LOCAL_TIME);
    m.put(LocalDateTime.class, ValueTags.LOCAL_DATE_TIME);
    m.put(OffsetDateTime.class, ValueTags.OFFSET_DATE_TIME);
    m.put(OffsetTime.class, ValueTags.OFFSET_TIME);
    m.put(ZonedDateTime.class, ValueTags.ZONED_DATE_TIME);
    m.put(Period.class, ValueTags.PERIOD);
    m.put(Year.class, ValueTags.YEAR);
    m.put(YearMonth.class, ValueTags.YEAR_MONTH);
    m.put(MonthDay.class, ValueTags.MONTH_DAY);
    m.put(UUID.class, ValueTags.UUID);
    return m;
  }
}
