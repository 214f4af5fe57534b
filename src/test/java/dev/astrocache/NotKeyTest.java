package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import dev.astrocache.testing.Javac;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NotKey} on a parameter, on a field of the impl and on a record component it holds. */
class NotKeyTest {
  @TempDir Path dir;

  public interface Render {
    String render(String doc, @NotKey Consumer<String> progress);

    String strict(String doc, Consumer<String> progress);
  }

  static final class Renderer implements Render {
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    public String render(String doc, Consumer<String> progress) {
      calls.incrementAndGet();
      progress.accept("rendering " + doc);
      return doc.toUpperCase();
    }

    @Override
    public String strict(String doc, Consumer<String> progress) {
      return render(doc, progress);
    }
  }

  private Cache cache() {
    return Astrocache.builder().directory(dir).build();
  }

  @Test
  void parameter_isLeftOutOfTheKey_evenWhenItCannotBeEncoded() throws IOException {
    Renderer impl = new Renderer();
    Render r = cache().wrap(Render.class, impl);
    List<String> seen = new ArrayList<>();
    try (Socket socket = new Socket()) {
      assertEquals("A", r.render("a", line -> seen.add(line + socket.isClosed())));
      assertEquals("A", r.render("a", line -> { throw new AssertionError("hit: not called"); }));
      assertEquals(1, impl.calls.get());
      assertEquals(List.of("rendering afalse"), seen);
      assertEquals("B", r.render("b", seen::add));
      assertEquals(2, impl.calls.get(), "the other arguments still count");
    }
  }

  @Test
  void unencodableArgument_namesTheParameterAndWhatItCapturesAndOffersNotKey() throws IOException {
    Render r = cache().wrap(Render.class, new Renderer());
    try (Socket socket = new Socket()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> r.strict("a", line -> socket.isClosed()));
      assertEquals("astrocache cannot cache dev.astrocache.NotKeyTest$Render#strict"
          + "(Ljava/lang/String;Ljava/util/function/Consumer;)Ljava/lang/String;: parameter 1"
          + " (java.util.function.Consumer) is a lambda that captures a java.net.Socket (at"
          + " args[1].arg$1), which is not a value astrocache can encode (such as a connection, a"
          + " stream, a thread or a lock). Annotate the parameter @NotKey if it does not change"
          + " the result (a listener, a logger), or pass a value that identifies it instead.",
          e.getMessage());
    }
  }

  @Test
  void unencodableArgument_itself_isNamedByType() throws IOException {
    Cache cache = cache();
    AstrocacheTest.Squares s = cache.wrap(AstrocacheTest.Squares.class,
        new AstrocacheTest.CountingSquares(0));
    try (Socket socket = new Socket()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.anything(socket));
      assertEquals("astrocache cannot cache dev.astrocache.AstrocacheTest$Squares#anything"
          + "(Ljava/lang/Object;)Ljava/lang/Object;: parameter 0 (java.lang.Object) is a"
          + " java.net.Socket (at args[0]), which is not a value astrocache can encode (such as a"
          + " connection, a stream, a thread or a lock). Annotate the parameter @NotKey if it"
          + " does not change the result (a listener, a logger), or pass a value that identifies"
          + " it instead.", e.getMessage());
    }
  }

  public interface Quote {
    double price(String item);
  }

  /** The impl's own field: its value is out of the state, the other fields still count. */
  static final class PaidQuote implements Quote {
    final transient AtomicInteger calls;
    final String currency;
    @NotKey final String apiKey;

    PaidQuote(AtomicInteger calls, String currency, String apiKey) {
      this.calls = calls;
      this.currency = currency;
      this.apiKey = apiKey;
    }

    @Override
    public double price(String item) {
      calls.incrementAndGet();
      return item.length() + (currency.equals("EUR") ? 0.5 : 0);
    }
  }

  public record Config(String endpoint, @NotKey String apiKey) {}

  /** A record the impl holds: its @NotKey component is out of the state. */
  static final class ConfiguredQuote implements Quote {
    final transient AtomicInteger calls;
    final Config config;

    ConfiguredQuote(AtomicInteger calls, Config config) {
      this.calls = calls;
      this.config = config;
    }

    @Override
    public double price(String item) {
      calls.incrementAndGet();
      return item.length() + config.endpoint().length();
    }
  }

  @Test
  void field_rotatedValueStillHits_otherFieldsStillCount() {
    Cache cache = cache();
    AtomicInteger calls = new AtomicInteger();
    assertEquals(3.0, cache.wrap(Quote.class, new PaidQuote(calls, "USD", "key-1")).price("abc"));
    assertEquals(3.0, cache.wrap(Quote.class, new PaidQuote(calls, "USD", "key-2")).price("abc"));
    assertEquals(1, calls.get(), "a rotated API key is a hit");
    assertEquals(3.5, cache.wrap(Quote.class, new PaidQuote(calls, "EUR", "key-2")).price("abc"));
    assertEquals(2, calls.get(), "another currency is another state");
  }

  @Test
  void recordComponent_rotatedValueStillHits_otherComponentsStillCount() {
    Cache cache = cache();
    AtomicInteger calls = new AtomicInteger();
    Quote q1 = cache.wrap(Quote.class, new ConfiguredQuote(calls, new Config("eu", "key-1")));
    Quote q2 = cache.wrap(Quote.class, new ConfiguredQuote(calls, new Config("eu", "key-2")));
    Quote q3 = cache.wrap(Quote.class, new ConfiguredQuote(calls, new Config("usa", "key-2")));
    assertEquals(5.0, q1.price("abc"));
    assertEquals(5.0, q2.price("abc"));
    assertEquals(1, calls.get(), "a rotated API key is a hit");
    assertEquals(6.0, q3.price("abc"));
    assertEquals(2, calls.get(), "another endpoint is another state");
  }

  private static final String COLLABORATOR = """
      package nk;

      public final class Impl implements java.util.function.IntUnaryOperator {
        @dev.astrocache.NotKey final java.util.function.IntUnaryOperator step;

        public Impl(java.util.function.IntUnaryOperator step) {
          this.step = step;
        }

        @Override
        public int applyAsInt(int x) {
          return step.applyAsInt(x);
        }
      }
      """;

  private static final String STEP = """
      package nk;

      public final class Step implements java.util.function.IntUnaryOperator {
        @Override
        public int applyAsInt(int x) {
          return x + 1;
        }
      }
      """;

  /** An Impl holding a Step, each made by its class, so only the state says what it holds. */
  private static IntUnaryOperator load(Path classes) throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        NotKeyTest.class.getClassLoader());
    Object step = loader.loadClass("nk.Step").getConstructor().newInstance();
    return (IntUnaryOperator) loader.loadClass("nk.Impl")
        .getConstructor(IntUnaryOperator.class).newInstance(step);
  }

  /** A @NotKey field's value is out of the state, but the code it holds still counts. */
  @Test
  void field_theCodeItHoldsStillCounts() throws Exception {
    IntUnaryOperator v1 = load(Javac.compile(dir.resolve("v1"),
        Map.of("nk.Impl", COLLABORATOR, "nk.Step", STEP)));
    IntUnaryOperator v2 = load(Javac.compile(dir.resolve("v2"),
        Map.of("nk.Impl", COLLABORATOR, "nk.Step", STEP.replace("x + 1", "x + 2"))));
    try (Cache cache = cache()) {
      assertEquals(2, cache.wrap(IntUnaryOperator.class, v1).applyAsInt(1));
      assertEquals(3, cache.wrap(IntUnaryOperator.class, v2).applyAsInt(1),
          "an edit of the held collaborator is a miss, not v1's answer");
    }
  }

  public interface Fetch {
    String fetch(String item, @NotKey String apiKey, int quantity);
  }

  /** The entry's header describes the call (describe.arguments) without its @NotKey argument. */
  @Test
  void parameter_isNotShownInTheEntryHeader() throws Exception {
    try (Cache cache = cache()) {
      Fetch f = cache.wrap(Fetch.class, (item, apiKey, quantity) -> item + " x" + quantity);
      assertEquals("milk x2", f.fetch("milk", "sk-secret-1", 2));
      assertEquals("milk x2", f.fetch("milk", "sk-secret-2", 2), "another key is a hit");
    }
    List<Path> entries;
    try (Stream<Path> files = Files.walk(dir)) {
      entries = files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")
          && Files.isRegularFile(p)).toList();
    }
    assertEquals(1, entries.size(), entries.toString());
    byte[] key = HexFormat.of().parseHex(entries.get(0).getFileName().toString());
    EntryFrame.Decoded entry = EntryFrame.read(Files.readAllBytes(entries.get(0)), key);
    assertEquals("fetch(\"milk\", 2)", entry.header().arguments());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
            .contains("sk-secret"), p + " holds the @NotKey argument");
      }
    }
  }

  public interface Audited {
    String upper(String text, @NotKey Path auditLog);
  }

  static final class Upper implements Audited {
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    public String upper(String text, Path auditLog) {
      calls.incrementAndGet();
      try {
        Files.writeString(auditLog, text + "\n", StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return text.toUpperCase();
    }
  }

  /** A @NotKey file argument: the file's size and time are out of the key, as its name is. */
  @Test
  void parameter_aFileItNamesIsOutOfTheKeyToo() throws IOException {
    Path log = Files.writeString(dir.resolve("audit.log"), "");
    Upper impl = new Upper();
    try (Cache cache = cache()) {
      Audited a = cache.wrap(Audited.class, impl);
      assertEquals("MILK", a.upper("milk", log));
      assertEquals("milk\n", Files.readString(log));
      assertEquals("MILK", a.upper("milk", log), "the log grew, and it is not part of the key");
      assertEquals(1, impl.calls.get());
    }
  }
}
