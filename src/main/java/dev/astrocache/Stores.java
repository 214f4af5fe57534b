package dev.astrocache;

import dev.astrocache.base.LazyLogger;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.store.UnsafeDirectoryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the cache's store, through the context store providers are given. */
final class Stores {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache");

  private Stores() {}

  /**
   * The store named {@code name}; if it cannot be opened (an {@link IOException}, or a plug-in
   * that fails in any other way), one that holds nothing (calls are then computed), or in strict
   * mode an {@link UncheckedIOException}.
   *
   * @throws IllegalArgumentException when a setting is missing or malformed, or no store has
   *     that name
   */
  static Store open(Plugins plugins, Settings settings, Path directory, String name,
      FailurePolicy failures) {
    try {
      if (directory == null) { // no astrocache.dir and no usable home: see Settings.directory()
        throw new IOException(settings.noDirectory(settings.strict()));
      }
      return new Context(plugins, settings, directory, failures).open(name);
    } catch (IllegalArgumentException e) {
      throw e; // a setting is missing or malformed: the builder reports it to the one who set it
    } catch (IOException | RuntimeException | LinkageError failure) {
      IOException e = failure instanceof IOException io ? io
          : new IOException(failure.toString(), failure); // a plug-in's own failure
      if (directory == null) {
        failures.failed("open:" + name, null, () -> new UncheckedIOException(e.getMessage(), e));
        settings.warnNoDirectory(LOG); // once per JVM
      } else if (failure instanceof UnsafeDirectoryException) {
        // its message is the whole warning: the directory, its owner and mode, and the fix
        failures.failed("open:" + name, failure.getMessage(), () -> new UncheckedIOException(
            failure.getMessage() + " (strict mode)", e));
      } else {
        failures.failed("open:" + name, "astrocache: cannot open the '" + name + "' store in "
            + directory + ": " + failure + ". Calls are computed and not cached. Set"
            + " astrocache.dir to a writable folder.", () -> new UncheckedIOException(
            "astrocache: cannot open the '" + name + "' store in " + directory + ": "
            + failure.getMessage() + " (strict mode)", e));
      }
      return new Unopened();
    }
  }

  /** Whether {@code store} is one {@link #open} opened, not the one that holds nothing. */
  static boolean opened(Store store) {
    return !(store instanceof Unopened);
  }

  /** What {@link #open} gives when the store cannot be opened: it holds nothing. */
  private static final class Unopened implements Store {
    @Override
    public byte[] get(EntryKey key) {
      return null;
    }

    @Override
    public void put(EntryKey key, byte[] entry) {}
  }

  /** What store providers are given. */
  private static final class Context implements StoreContext {
    private final Plugins plugins;
    private final Settings settings;
    private final Path directory;
    private final FailurePolicy failures;

    Context(Plugins plugins, Settings settings, Path directory, FailurePolicy failures) {
      this.plugins = plugins;
      this.settings = settings;
      this.directory = directory;
      this.failures = failures;
    }

    @Override
    public Path directory() {
      return directory;
    }

    @Override
    public Optional<String> setting(String name) {
      return settings.get(name);
    }

    @Override
    public Store open(String storeName) throws IOException {
      return plugins.store(storeName).open(this);
    }

    @Override
    public void rejected(EntryKey key, String reason) {
      failures.rejected("rejected:" + reason, "astrocache: refused entry " + key + ": " + reason
          + " (counted in stats().rejected(); further refusals of this kind are not logged)");
    }
  }
}
