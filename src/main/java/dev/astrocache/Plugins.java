package dev.astrocache;

import dev.astrocache.base.LazyLogger;
import dev.astrocache.codec.ValueCodec;
import dev.astrocache.spi.Serializer;
import dev.astrocache.spi.StoreProvider;
import dev.astrocache.store.FileStoreProvider;
import dev.astrocache.store.HttpStoreProvider;
import dev.astrocache.store.MemoryStoreProvider;
import dev.astrocache.store.TieredStoreProvider;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds serializers and store providers with {@link ServiceLoader}. A broken provider is
 * reported and skipped; several providers of one name resolve to the first by class name, with a
 * warning. The built-in ones are registered directly as well: a fat jar whose
 * {@code META-INF/services} files were merged badly (a plug-in's file overwrote ours, as the
 * {@code jar-with-dependencies} assembly does) still has them.
 */
final class Plugins {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache");

  private static final Comparator<Object> BY_CLASS_NAME = new Comparator<>() {
    @Override
    public int compare(Object a, Object b) {
      return a.getClass().getName().compareTo(b.getClass().getName());
    }
  };

  final Map<String, Serializer> serializers;
  final Map<String, StoreProvider> stores;

  private Plugins(Map<String, Serializer> serializers, Map<String, StoreProvider> stores) {
    this.serializers = serializers;
    this.stores = stores;
  }

  static Plugins load() {
    ClassLoader loader = Plugins.class.getClassLoader();
    // classes, not lambdas or method references: this runs as a fresh JVM builds its first
    // cache, where each lambda site spins a hidden class (issue 13, target 4)
    Map<String, Serializer> serializers = byName(
        load(ServiceLoader.load(Serializer.class, loader)), new Function<Serializer, String>() {
          @Override
          public String apply(Serializer s) {
            return s.name();
          }
        }, "serializer");
    // the built-in codec is always there, even if META-INF/services was stripped from the jar
    serializers.putIfAbsent(ValueCodec.NAME, new ValueCodec());
    Map<String, StoreProvider> stores = byName(load(ServiceLoader.load(StoreProvider.class,
        loader)), new Function<StoreProvider, String>() {
          @Override
          public String apply(StoreProvider p) {
            return p.name();
          }
        }, "store");
    for (StoreProvider builtIn : List.of(new FileStoreProvider(), new MemoryStoreProvider(),
        new HttpStoreProvider(), new TieredStoreProvider())) {
      stores.putIfAbsent(builtIn.name(), builtIn);
    }
    return new Plugins(serializers, stores);
  }

  private static <T> List<T> load(ServiceLoader<T> loader) {
    List<T> found = new ArrayList<>();
    Iterator<T> it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return found;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.log(Level.WARNING, "astrocache: skipped a broken plug-in: " + e.getMessage(), e);
      }
    }
  }

  private static <T> Map<String, T> byName(List<T> found, Function<T, String> name, String kind) {
    found.sort(BY_CLASS_NAME);
    Map<String, T> byName = new LinkedHashMap<>();
    for (T plugin : found) {
      String n;
      try {
        n = name.apply(plugin);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "astrocache: skipped " + kind + " " + plugin.getClass().getName()
            + ": its name() threw " + e, e);
        continue;
      }
      T earlier = byName.putIfAbsent(n, plugin);
      if (earlier != null) {
        LOG.log(Level.WARNING, "astrocache: two " + kind + "s are named '" + n + "': using "
            + earlier.getClass().getName() + ", ignoring " + plugin.getClass().getName());
      }
    }
    return byName;
  }

  Serializer serializer(String name) {
    Serializer s = serializers.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no serializer named '" + name + "' (astrocache.serializer)"
          + "; found: " + serializers.keySet()
          + ". Put the jar that provides it on the class path or module path.");
    }
    return s;
  }

  StoreProvider store(String name) {
    StoreProvider p = stores.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no store named '" + name + "' (astrocache.store)"
          + "; found: " + stores.keySet()
          + ". Put the jar that provides it on the class path or module path.");
    }
    return p;
  }

  /** Whether {@code s} overrides {@link Serializer#handles}: it then serves those types unasked. */
  static boolean declaresTypes(Serializer s) {
    try {
      return s.getClass().getMethod("handles", Class.class).getDeclaringClass() != Serializer.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
