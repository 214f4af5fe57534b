package dev.astrocache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.codec.ValueCodec;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/** The contract itself: run over a serializer that handles nothing, it fails instead of passing. */
class SerializerContractTest {

  /** Takes no value at all. */
  public static final class HandlesNothing implements Serializer {
    @Override
    public String name() {
      return "nothing";
    }

    @Override
    public boolean handles(Class<?> type) {
      return false;
    }

    @Override
    public byte[] serialize(Object value) throws IOException {
      throw new IOException("handles nothing");
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader loader) throws IOException {
      throw new IOException("handles nothing");
    }
  }

  /** The built-in codec, for strings only. */
  public static final class StringsOnly implements Serializer {
    private final ValueCodec codec = new ValueCodec();

    @Override
    public String name() {
      return "strings";
    }

    @Override
    public boolean handles(Class<?> type) {
      return type == String.class;
    }

    @Override
    public byte[] serialize(Object value) throws IOException {
      return codec.serialize(value);
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader loader) throws IOException {
      return codec.deserialize(bytes, loader);
    }
  }

  private static SerializerContract over(Serializer serializer) {
    return new SerializerContract() {
      @Override
      protected Serializer serializer() {
        return serializer;
      }
    };
  }

  /** The checks that go over the samples a serializer handles. */
  private static List<Executable> sampleChecks(SerializerContract c) {
    return List.of(c::handles_atLeastOneSample, c::serialize_sampleValues_roundTrip,
        c::deserialize_byAnotherInstance_readsWhatOneWrote,
        c::deserialize_truncatedPayload_throwsIOException,
        c::deserialize_mutatedPayload_throwsOnlyIOException);
  }

  @Test
  void serializerHandlingNoSample_failsEveryCheckOverTheSamples() {
    for (Executable check : sampleChecks(over(new HandlesNothing()))) {
      AssertionFailedError e = assertThrows(AssertionFailedError.class, check);
      assertEquals("dev.astrocache.spi.SerializerContractTest$HandlesNothing ('nothing') handles"
          + " none of the 16 sample values, so the contract would check nothing: add the values it"
          + " is meant for in sampleValues(), or fix handles()", e.getMessage());
    }
  }

  @Test
  void serializerHandlingOneSample_passes() throws Throwable {
    SerializerContract c = over(new StringsOnly());
    assertEquals(List.of("", "\u00e9t\u00e9 \uD83D\uDE00"), c.handledSamples(new StringsOnly()));
    for (Executable check : sampleChecks(c)) {
      check.execute();
    }
  }
}
