package dev.astrocache.store;

import dev.astrocache.config.Setting;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code tiered} store: the {@code file} store in front of the {@code http} store. Reads
 * ask the local directory first, and a remote hit is copied into it; writes go to both, the
 * remote one from a background thread that {@link Store#close()} waits for.
 *
 * <p>It takes the settings of both stores ({@code astrocache.dir}, {@code astrocache.remote.url},
 * {@code astrocache.remote.secret}, ...; see {@link HttpStoreProvider}) and one of its own:
 * {@code remote.backoff}, how long a remote that failed or timed out is left alone before it is
 * tried again, such as {@code 30s} or {@code 5m} (default {@code 60s}). Meanwhile calls are served
 * locally at local speed, and one warning per outage goes to the {@link System.Logger} named
 * {@code dev.astrocache.store.TieredStore}.
 */
public final class TieredStoreProvider implements StoreProvider {

  /** For {@link java.util.ServiceLoader}. */
  public TieredStoreProvider() {}

  @Override
  public String name() {
    return "tiered";
  }

  /**
   * Opens the local and the remote store.
   *
   * @throws IllegalArgumentException when a setting of either store is missing or malformed
   * @throws IOException when the local store cannot be opened
   */
  @Override
  public Store open(StoreContext context) throws IOException {
    Objects.requireNonNull(context, "context == null");
    Duration backoff =
        Setting.REMOTE_BACKOFF.parseOrDefault(context.setting(Setting.REMOTE_BACKOFF.name()));
    Store remote = context.open("http");
    Store local;
    try {
      local = context.open("file");
    } catch (IOException | RuntimeException e) {
      remote.close();
      throw e;
    }
    return new TieredStore(local, remote, backoff, System::nanoTime);
  }

  /** Its own {@code remote.backoff}; it opens {@code file} and {@code http} for the rest. */
  @Override
  public Set<String> settings() {
    return Set.of(Setting.REMOTE_BACKOFF.name());
  }
}
