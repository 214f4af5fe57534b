package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.Javac;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old code versions go by themselves ({@code max.versions}, default 3): a function edited four
 * times (five javac-compiled versions of its impl, each in its own class loader under one
 * interface, as five releases of a program would be) keeps the entries of its three newest
 * versions; the two oldest lose theirs but keep their manifests, which explain what changed.
 */
class CodeVersionsTest {
  private static final String API = "package demo;\npublic interface Rates {\n"
      + "  double rate(String currency);\n}\n";

  @TempDir
  Path tmp;

  private static String impl(int version) {
    return "package demo;\npublic final class FixedRates implements Rates {\n"
        + "  public double rate(String currency) {\n"
        + "    return currency.length() * " + version + ".5;\n  }\n}\n";
  }

  @Test
  void editedFourTimes_threeVersionsKeepTheirEntries() throws Exception {
    Path dir = tmp.resolve("cache");
    List<String> fingerprints = run(dir, Map.of(), 5);
    FileLayout layout = FileLayout.of(dir);
    String function = layout.functions().get(0);
    List<String> withEntries = new ArrayList<>();
    for (String f : fingerprints) {
      if (!layout.entries(function, f).isEmpty()) {
        withEntries.add(f);
      }
      assertEquals(true, Files.exists(layout.manifest(function, f)), "every manifest stays");
    }
    assertEquals(fingerprints.subList(2, 5), withEntries, "the three newest versions");
    assertEquals(5, layout.fingerprints(function).size());
  }

  @Test
  void maxVersionsSetting_keepsThatMany() throws Exception {
    Path dir = tmp.resolve("cache");
    List<String> fingerprints = run(dir, Map.of("max.versions", "1"), 3);
    FileLayout layout = FileLayout.of(dir);
    String function = layout.functions().get(0);
    assertEquals(List.of(0, 0, 2), fingerprints.stream()
        .map(f -> uncheckedEntries(layout, function, f)).toList());
  }

  /**
   * Runs {@code versions} versions of the impl, each computing two calls, in one cache that is
   * closed at the end (close finishes the background removal); returns the fingerprints written,
   * oldest first.
   */
  private List<String> run(Path dir, Map<String, String> settings, int versions)
      throws Exception {
    Path api = Javac.compile(tmp.resolve("api"), Map.of("demo.Rates", API));
    List<String> fingerprints = new ArrayList<>();
    try (URLClassLoader apiLoader = new URLClassLoader(new URL[] {api.toUri().toURL()},
        CodeVersionsTest.class.getClassLoader())) {
      Class<?> rates = apiLoader.loadClass("demo.Rates");
      Astrocache.Builder builder = Astrocache.builder().directory(dir);
      settings.forEach(builder::setting);
      try (Cache cache = builder.build()) {
        for (int v = 1; v <= versions; v++) {
          Path classes = Javac.compile(tmp.resolve("v" + v),
              Map.of("demo.FixedRates", impl(v)), api);
          try (URLClassLoader implLoader = new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, apiLoader)) {
            Object impl = implLoader.loadClass("demo.FixedRates").getConstructor().newInstance();
            Object proxy = wrap(cache, rates, impl);
            Method rate = rates.getMethod("rate", String.class);
            assertEquals(3 * (v + 0.5), rate.invoke(proxy, "EUR"));
            assertEquals(2 * (v + 0.5), rate.invoke(proxy, "RS"));
            List<String> all = new ArrayList<>(FileLayout.of(dir).fingerprints(
                FileLayout.of(dir).functions().get(0)));
            all.removeAll(fingerprints);
            assertEquals(1, all.size(), "one new fingerprint per version: " + all);
            fingerprints.add(all.get(0));
          }
        }
      }
    }
    return fingerprints;
  }

  @SuppressWarnings("unchecked")
  private static <T> T wrap(Cache cache, Class<T> api, Object impl) {
    return cache.wrap(api, (T) impl);
  }

  private static int uncheckedEntries(FileLayout layout, String function, String fingerprint) {
    try {
      return layout.entries(function, fingerprint).size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
