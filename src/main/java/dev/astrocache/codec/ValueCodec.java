package dev.astrocache.codec;

import dev.astrocache.spi.Serializer;
import java.io.IOException;

/**
 * The built-in serializer, {@code "astrocache"}: a compact format for the common value types
 * that constructs nothing else, with a filtered {@code java.io} fallback for other
 * {@code Serializable} values.
 */
public final class ValueCodec implements Serializer {

  /** The name recorded in entries. */
  public static final String NAME = "astrocache";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] serialize(Object value) throws IOException {
    throw new IOException("not yet");
  }

  @Override
  public Object deserialize(byte[] bytes, ClassLoader loader) throws IOException {
    throw new IOException("not yet");
  }
}
