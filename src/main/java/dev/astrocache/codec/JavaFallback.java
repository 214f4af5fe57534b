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
 * <p>Which classes may appear is decided by {@link JavaClasses} from the result's declared type,
 * never from the bytes: a class it refuses (a gadget whose {@code readObject} has a side effect)
 * is refused when its descriptor is resolved, before any object is made. Classes are loaded with
 * the wrapped implementation's class loader, without being initialized.
 */
final class JavaFallback {
  static final int MAX_DEPTH = 100;
  static final int MAX_REFERENCES = 1_000_000;

  private JavaFallback() {}

  static Object read(byte[] buf, int offset, int length, ClassLoader loader, JavaClasses classes)
      throws IOException {
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
    try (ObjectInputStream in = new LoaderObjectInputStream(bytes, loader, classes)) {
      in.setObjectInputFilter(limits);
      Object v = in.readObject();
      if (bytes.available() != 0) {
        throw new IOException("bytes follow the object");
      }
      return v;
    } catch (JavaClasses.Refused e) {
      throw new IOException("Refused astrocache payload: its java.io serialized part names "
          + e.refusedClass + ", which is not reachable from the declared result type "
          + classes.declaredName() + ": it was not instantiated", e);
    } catch (ClassNotFoundException | IOException | RuntimeException e) {
      throw new IOException("Corrupt astrocache payload: its java.io serialized part cannot be"
          + " read (limits: depth " + MAX_DEPTH + ", references " + MAX_REFERENCES
          + ", arrays and bytes " + length + "): " + e, e);
    }
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;
    private final JavaClasses classes;

    LoaderObjectInputStream(InputStream in, ClassLoader loader, JavaClasses classes)
        throws IOException {
      super(in);
      this.loader = loader;
      this.classes = classes;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      Class<?> c;
      try {
        c = Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        c = super.resolveClass(desc);
      }
      classes.check(c);
      return c;
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces)
        throws IOException, ClassNotFoundException {
      if (!classes.restricted()) {
        return super.resolveProxyClass(interfaces);
      }
      throw new JavaClasses.Refused("a dynamic proxy of " + String.join(", ", interfaces),
          "dynamic proxies are never read from java.io data");
    }
  }
}
