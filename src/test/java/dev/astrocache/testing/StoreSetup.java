package dev.astrocache.testing;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/**
 * One store that an {@link EveryStore} test runs over: how to build a cache on it whose entries
 * live under a test's folder. The caches it builds with {@link #cache} are closed when the test
 * ends (JUnit closes a parameterized test's {@link AutoCloseable} arguments), so that the tiered
 * store's remote writes are flushed while its server still runs.
 */
public final class StoreSetup implements AutoCloseable {

  /** The secret of the tiered setup's remote: any 16 characters or more. */
  static final String SECRET = "every-store-test-secret";

  private final String name;
  private final boolean durable;
  private final Function<Path, Astrocache.Builder> builder;
  private final List<Cache> built = new ArrayList<>();

  private StoreSetup(String name, boolean durable,
      Function<Path, Astrocache.Builder> builder) {
    this.name = name;
    this.durable = durable;
    this.builder = builder;
  }

  /** The store's name, as {@code Astrocache.builder().store(name)} takes it. */
  public String name() {
    return name;
  }

  /** Whether a new cache on the same folder finds the entries of an earlier one. */
  public boolean durable() {
    return durable;
  }

  /**
   * A builder set to this store, with {@code dir} as the cache's directory (and, for
   * {@code tiered}, a remote folder of its own for {@code dir}); the caller may add settings and
   * must close what it builds.
   */
  public Astrocache.Builder builder(Path dir) {
    return builder.apply(dir);
  }

  /** A cache built by {@link #builder}, closed when the test ends. */
  public synchronized Cache cache(Path dir) {
    Cache cache = builder(dir).build();
    built.add(cache);
    return cache;
  }

  @Override
  public synchronized void close() {
    for (Cache cache : built) {
      cache.close();
    }
    built.clear();
  }

  @Override
  public String toString() {
    return name;
  }

  static StoreSetup memory() {
    return new StoreSetup("memory", false,
        dir -> Astrocache.builder().directory(dir).store("memory"));
  }

  static StoreSetup file() {
    return new StoreSetup("file", true,
        dir -> Astrocache.builder().directory(dir).store("file"));
  }

  /** The file store in front of the http store on {@code remote}, in a folder per directory. */
  static StoreSetup tiered(LoopbackWebDav remote) {
    return new StoreSetup("tiered", true, dir -> Astrocache.builder().directory(dir)
        .store("tiered")
        .setting("remote.url", remote.url() + folder(dir))
        .setting("remote.secret", SECRET)
        .setting("remote.timeout", "30s"));
  }

  /** A remote folder that is the same for every cache on {@code dir}, and only for those. */
  static String folder(Path dir) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8) + "/";
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The setups of an {@link EveryStore} test: one {@link LoopbackWebDav} serves every tiered
   * setup of the run, and stops when the run ends.
   */
  public static final class Provider implements ArgumentsProvider, AnnotationConsumer<EveryStore> {
    private boolean durableOnly;

    @Override
    public void accept(EveryStore annotation) {
      durableOnly = annotation.durable();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
      LoopbackWebDav remote = context.getRoot()
          .getStore(ExtensionContext.Namespace.create(StoreSetup.class))
          .getOrComputeIfAbsent(LoopbackWebDav.class, k -> {
            try {
              return LoopbackWebDav.start();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, LoopbackWebDav.class);
      return Stream.of(memory(), file(), tiered(remote))
          .filter(setup -> setup.durable() || !durableOnly)
          .map(Arguments::of);
    }
  }
}
