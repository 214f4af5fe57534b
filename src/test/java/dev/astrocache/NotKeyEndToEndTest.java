package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NotKey} on the impl's field that holds a config record with an API key, and on a record
 * component, as a program uses them: javac-compiled, run in child JVMs over one cache directory.
 * A rotated key is a hit in a new JVM; an edit of the code that uses the field is a miss.
 */
class NotKeyEndToEndTest {
  @TempDir Path work;

  private static final String PROGRAM = """
      package paid;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;
      import dev.astrocache.NotKey;

      public final class Main {
        public interface Prices {
          double quote(String item);
        }

        /** A paid API, seen by the impl through its interface only. */
        public interface PriceApi {
          double call(String item);
        }

        /** What a paid API client holds: its key must not be part of the cache key. */
        public record Client(String endpoint, String apiKey) implements PriceApi {
          @Override
          public double call(String item) {
            // a real client would send apiKey in a header; the answer does not depend on it
            if (apiKey.isEmpty()) {
              throw new IllegalStateException("no API key");
            }
            return item.length() * 1.5;
          }
        }

        /** A config record whose key component is marked, held in a plain field. */
        public record Config(String region, @NotKey String apiKey) {}

        static final class Impl implements Prices {
          @NotKey final PriceApi client;
          final Config config;

          Impl(PriceApi client, Config config) {
            this.client = client;
            this.config = config;
          }

          @Override
          public double quote(String item) {
            return client.call(item) + (config.apiKey().isEmpty() ? 0 : config.region().length());
          }
        }

        public static void main(String[] args) {
          Prices prices = Astrocache.wrap(Prices.class,
              new Impl(new Client("https://prices.example", args[0]), new Config("eu", args[0])));
          System.out.println("result " + prices.quote(args[1]));
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits " + s.hits() + " misses " + s.misses());
        }
      }
      """;

  /** The same program after an edit of the code that uses the @NotKey field's value. */
  private static final String EDITED =
      PROGRAM.replace("return item.length() * 1.5;", "return item.length() * 2.5;");

  private Path v1;
  private Path v2;
  private Path cache;

  @BeforeEach
  void compile() {
    v1 = Javac.compile(work.resolve("v1"), Map.of("paid.Main", PROGRAM));
    v2 = Javac.compile(work.resolve("v2"), Map.of("paid.Main", EDITED));
    cache = work.resolve("cache");
  }

  private List<String> run(Path version, String apiKey, String item) {
    ChildJvm.Result r = ChildJvm.run("paid.Main", List.of(version),
        Map.of("astrocache.dir", cache.toString()), apiKey, item);
    assertEquals(0, r.exitCode(), r.output());
    return r.output().lines()
        .filter(l -> l.startsWith("result ") || l.startsWith("hits "))
        .toList();
  }

  @Test
  void rotatedApiKey_hitsInANewJvm() throws IOException {
    assertEquals(List.of("result 8.0", "hits 0 misses 1"), run(v1, "key-2026-11", "milk"));
    assertEquals(List.of("result 8.0", "hits 1 misses 0"), run(v1, "key-2026-12", "milk"),
        "a rotated key in the @NotKey field and the @NotKey component is the same call");
    assertEquals(List.of("result 11.0", "hits 0 misses 1"), run(v1, "key-2026-12", "butter"),
        "the argument still counts");
    assertTrue(noFileHolds("key-2026-1"), "the key is nowhere in the cache directory");
  }

  @Test
  void editOfTheCodeThatUsesTheField_misses() {
    assertEquals(List.of("result 8.0", "hits 0 misses 1"), run(v1, "key-2026-11", "milk"));
    assertEquals(List.of("result 12.0", "hits 0 misses 1"), run(v2, "key-2026-11", "milk"),
        "Client.call runs through the @NotKey field, declared as an interface: only the state"
            + " reader says Client is its class, and its edit is a miss, not v1's answer");
    assertEquals(List.of("result 12.0", "hits 1 misses 0"), run(v2, "key-2026-12", "milk"),
        "and the edited code's entry is hit with a rotated key");
  }

  private boolean noFileHolds(String text) throws IOException {
    try (Stream<Path> files = Files.walk(cache)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
            .contains(text)) {
          return false;
        }
      }
    }
    return true;
  }
}
