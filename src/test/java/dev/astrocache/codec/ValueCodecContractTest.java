package dev.astrocache.codec;

import dev.astrocache.codec.CodecFixtures.Color;
import dev.astrocache.codec.CodecFixtures.Item;
import dev.astrocache.codec.CodecFixtures.Pair;
import dev.astrocache.codec.CodecFixtures.Point;
import dev.astrocache.spi.Serializer;
import dev.astrocache.spi.SerializerContract;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

class ValueCodecContractTest extends SerializerContract {
  @Override
  protected Serializer serializer() {
    return new ValueCodec();
  }

  @Override
  protected List<Object> sampleValues() {
    List<Object> values = super.sampleValues();
    values.addAll(List.<Object>of(Color.BLUE, new Point(1, 2),
        new Item("a", 2, Color.RED, Optional.of("n"), List.of(3)),
        new Pair(List.of(Map.of("k", Set.of(1))), Optional.empty()),
        new LinkedList<>(List.of("x")), new TreeSet<>(Set.of(3, 1, 2)), new TreeMap<>(Map.of("b", 1, "a", 2)),
        ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris")), Instant.EPOCH,
        EnumSet.of(Color.RED, Color.BLUE), new String[] {"a", null}));
    return values;
  }
}
