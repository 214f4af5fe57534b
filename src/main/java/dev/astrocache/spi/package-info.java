/**
 * Service provider interfaces: {@link dev.astrocache.spi.Serializer} for values and
 * {@link dev.astrocache.spi.StoreProvider} / {@link dev.astrocache.spi.Store} for where entries
 * live. Both are discovered with {@link java.util.ServiceLoader}. A store may also keep the
 * cache's manifests ({@link dev.astrocache.spi.ManifestStore}, offered through
 * {@link dev.astrocache.spi.Store#manifests()}) and refuse an entry too large for it with
 * {@link dev.astrocache.spi.EntryTooLargeException}.
 */
package dev.astrocache.spi;
