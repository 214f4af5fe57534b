package dev.astrocache.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Reads the {@code java.io} serialization streams that the codec writes for {@code Serializable}
 * values it has no tag for, behind an {@link ObjectInputFilter} with limits:
 *
 * <ul>
 *   <li>object graph depth at most {@value #MAX_DEPTH};
 *   <li>at most {@value #MAX_REFERENCES} object references;
 *   <li>no more bytes than the stream's own length (a stream is one length-prefixed field of
 *       the payload, so it cannot read past it);
 *   <li>arrays no longer than the stream's length in bytes: every element takes at least one
 *       byte of the stream, so a longer array is a lie meant to make us allocate;
 *   <li>a JVM-wide filter ({@code jdk.serialFilter}), if set, is asked too and may reject.
 * </ul>
 *
 * <p>Which classes may appear is not restricted: the fallback exists for the application's own
 * {@code Serializable} classes, which no fixed list could name. Entries should therefore come
 * only from a store that the process trusts or that authenticates them. Classes are loaded with
 * the wrapped implementation's class loader.
 */
final class JavaFallback {
  static final int MAX_DEPTH = 100;
  static final int MAX_REFERENCES = 1_000_000;

  private JavaFallback() {}

  static Object read(byte[] buf, int offset, int length, ClassLoader loader) throws IOException {
    ObjectInputFilter limits = info -> {
      ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
      if (global != null && global.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
        return ObjectInputFilter.Status.REJECTED;
      }
      if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES
          || info.streamBytes() > length || info.arrayLength() > length) {
        return ObjectInputFilter.Status.REJECTED;
      }
      return ObjectInputFilter.Status.UNDECIDED;
    };
    ByteArrayInputStream bytes = new ByteArrayInputStream(buf, offset, length);
    try (ObjectInputStream in = new LoaderObjectInputStream(bytes, loader)) {
      in.setObjectInputFilter(limits);
      Object v = in.readObject();
      if (bytes.available() != 0) {
        throw new IOException("bytes follow the object");
      }
      return v;
    } catch (ClassNotFoundException | IOException | RuntimeException e) {
      throw new IOException("Corrupt astrocache payload: its java.io serialized part cannot be"
          + " read (limits: depth " + MAX_DEPTH + ", references " + MAX_REFERENCES
          + ", arrays and bytes " + length + "): " + e, e);
    }
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
