/**
 * astrocache: durable memoization that refreshes when the code changes. The API is
 * {@link dev.astrocache.Astrocache}; plug-ins implement {@link dev.astrocache.spi}.
 */
module dev.astrocache {
  requires java.management;
  requires java.net.http;
  requires jdk.jfr;

  exports dev.astrocache;
  exports dev.astrocache.spi;

  uses dev.astrocache.spi.Serializer;
  uses dev.astrocache.spi.StoreProvider;

  provides dev.astrocache.spi.Serializer with
      dev.astrocache.codec.ValueCodec;
  provides dev.astrocache.spi.StoreProvider with
      dev.astrocache.store.FileStoreProvider,
      dev.astrocache.store.MemoryStoreProvider,
      dev.astrocache.store.HttpStoreProvider,
      dev.astrocache.store.TieredStoreProvider;
}
