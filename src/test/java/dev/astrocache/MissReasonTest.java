package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.base.Hashes;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A true reason for every miss, logged by real child JVMs over one cache directory, from a
 * program compiled for real (an edit is a second compilation): each test asserts the exact lines
 * a miss logs, INFO for code, state and Java version, FINE (DEBUG) for new arguments, first calls,
 * expired, corrupt and refreshed entries.
 */
class MissReasonTest {
  @TempDir Path work;

  private static final String PROGRAM = """
      package why;

      import dev.astrocache.Astrocache;
      import java.util.logging.Handler;
      import java.util.logging.Level;
      import java.util.logging.LogRecord;
      import java.util.logging.Logger;

      public final class Main {
        public interface Tax {
          double gross(double net);
        }

        static final class Impl implements Tax {
          final double rate;

          Impl(double rate) {
            this.rate = rate;
          }

          @Override
          public double gross(double net) {
            return Helper.apply(net, rate);
          }
        }

        static final class Other implements Tax {
          @Override
          public double gross(double net) {
            return net * 2;
          }
        }

        static final class Helper {
          static double apply(double net, double rate) {
            return net * (1 + rate);
          }
        }

        static final Logger LOG = Logger.getLogger("dev.astrocache");

        public static void main(String[] args) {
          LOG.setLevel(Level.ALL);
          LOG.setUseParentHandlers(false);
          Handler print = new Handler() {
            @Override
            public void publish(LogRecord r) {
              System.out.println(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
          print.setLevel(Level.ALL);
          LOG.addHandler(print);
          Tax tax = Astrocache.wrap(Tax.class,
              args[0].equals("other") ? new Other() : new Impl(Double.parseDouble(args[1])));
          System.out.println("result " + tax.gross(Double.parseDouble(args[2])));
        }
      }
      """;

  /** The same program after an edit of a method that gross() reaches. */
  private static final String EDITED =
      PROGRAM.replace("return net * (1 + rate);", "return net * (1 + rate) + 0.01;");

  private static final String FUNCTION = "why.Main$Tax.gross-"
      + Hashes.hex(Hashes.sha256().digest("(D)D".getBytes(StandardCharsets.UTF_8))).substring(0, 8);

  private Path v1;
  private Path v2;
  private Path cache;

  @BeforeEach
  void compile() {
    v1 = Javac.compile(work.resolve("v1"), Map.of("why.Main", PROGRAM));
    v2 = Javac.compile(work.resolve("v2"), Map.of("why.Main", EDITED));
    cache = work.resolve("cache");
  }

  /** The lines a run logged about misses, and its result line. */
  private List<String> run(Path version, Map<String, String> settings, String... args) {
    Map<String, String> props = new HashMap<>(settings);
    props.put("astrocache.dir", cache.toString());
    ChildJvm.Result r = ChildJvm.run("why.Main", List.of(version), props, args);
    assertEquals(0, r.exitCode(), r.output());
    return r.output().lines()
        .filter(l -> l.contains(" misses: ") || l.startsWith("result ") || l.startsWith("  ")
            || l.startsWith("WARNING "))
        .toList();
  }

  private List<String> run(Path version, String... args) {
    return run(version, Map.of(), args);
  }

  private String fingerprint() throws IOException {
    try (Stream<Path> fps = Files.list(cache.resolve(FUNCTION))) {
      List<Path> all = fps.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0).getFileName().toString();
    }
  }

  private Path onlyEntry() throws IOException {
    try (Stream<Path> files = Files.walk(cache.resolve(FUNCTION))) {
      List<Path> entries = files.filter(f -> f.getFileName().toString().length() == 64
          && Files.isRegularFile(f)).toList();
      assertEquals(1, entries.size(), entries.toString());
      return entries.get(0);
    }
  }

  @Test
  void firstCall_thenNewArguments_atDebug() {
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: first call, nothing is stored"
        + " for it", "result 120.0"), run(v1, "impl", "0.2", "100"));
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: new arguments",
        "result 240.0"), run(v1, "impl", "0.2", "200"));
    assertEquals(List.of("result 120.0"), run(v1, "impl", "0.2", "100"), "a hit logs nothing");
  }

  @Test
  void stateChanged_namesTheField_atInfo() {
    run(v1, "impl", "0.2", "100");
    assertEquals(List.of("INFO astrocache: " + FUNCTION + " misses: the state of why.Main$Impl"
        + " changed: field rate", "result 130.0"), run(v1, "impl", "0.3", "100"));
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: new arguments",
        "result 260.0"), run(v1, "impl", "0.3", "200"), "that state has entries now");
  }

  @Test
  void codeChanged_namesTheMethod_andANewArgumentAfterTheEditIsNotACodeChange()
      throws IOException {
    run(v1, "impl", "0.2", "100");
    String before = fingerprint();
    assertEquals(List.of("INFO astrocache: " + FUNCTION + " misses: its code changed since"
        + " fingerprint " + before.substring(0, 12) + ":",
        "  changed: why.Main$Helper#apply(DD)D", "result 120.01"), run(v2, "impl", "0.2", "100"));
    // in every JVM after the edit, a new argument is a new argument
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: new arguments",
        "result 240.01"), run(v2, "impl", "0.2", "200"));
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: new arguments",
        "result 360.01"), run(v2, "impl", "0.2", "300"));
  }

  @Test
  void aSecondImplementationIsNotAnEdit() {
    run(v1, "impl", "0.2", "100");
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: first call of why.Main$Other,"
        + " nothing is stored for it (the entries of another implementation are not this one's)",
        "result 200.0"), run(v1, "other", "0", "100"));
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: new arguments",
        "result 400.0"), run(v1, "other", "0", "200"));
  }

  @Test
  void javaVersionChanged_saysSo() throws IOException {
    run(v1, "impl", "0.2", "100");
    // what a run on Java 11 would have left: the same methods, another fingerprint (the Java
    // feature version is part of it), entries, and a manifest that names its Java
    String now = fingerprint();
    String older = "0123456789abcdef".repeat(4);
    Path olderFolder = cache.resolve(FUNCTION).resolve(older);
    Files.move(cache.resolve(FUNCTION).resolve(now), olderFolder);
    Path manifest = olderFolder.resolve("manifest.txt");
    String feature = Integer.toString(Runtime.version().feature());
    String text = Files.readString(manifest);
    assertTrue(text.endsWith("\njava " + feature + "\n"), text);
    Files.writeString(manifest, text.replace("\njava " + feature + "\n", "\njava 11\n"));
    Files.setLastModifiedTime(manifest, FileTime.fromMillis(1_000));
    assertEquals(List.of("INFO astrocache: " + FUNCTION + " misses: the Java version changed"
        + " since fingerprint 0123456789ab (Java 11, now " + feature + "); no reached method"
        + " changed", "result 120.0"), run(v1, "impl", "0.2", "100"));
  }

  @Test
  void expiredEntry_atDebug() throws IOException {
    run(v1, "impl", "0.2", "100");
    Path entry = onlyEntry();
    byte[] key = HexFormat.of().parseHex(entry.getFileName().toString());
    Files.write(entry, EntryFrames.restamped(Files.readAllBytes(entry), key,
        System.currentTimeMillis() - 2 * 3_600_000L));
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: its entry expired (time to"
        + " live 1h)", "result 120.0"), run(v1, Map.of("astrocache.ttl", "1h"), "impl", "0.2",
        "100"));
    assertEquals(List.of("result 120.0"), run(v1, Map.of("astrocache.ttl", "1h"), "impl", "0.2",
        "100"), "replaced by a fresh entry");
  }

  @Test
  void corruptEntry_warnsWhyAndSaysItAtDebug() throws IOException {
    run(v1, "impl", "0.2", "100");
    Path entry = onlyEntry();
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length - 1] ^= 1;
    Files.write(entry, bytes);
    List<String> lines = run(v1, "impl", "0.2", "100");
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("WARNING astrocache: entry " + FUNCTION + "/"), lines.get(0));
    assertTrue(lines.get(0).contains(" is unusable (checksum mismatch: "), lines.get(0));
    assertEquals("FINE astrocache: " + FUNCTION + " misses: its entry could not be used",
        lines.get(1));
    assertEquals("result 120.0", lines.get(2));
  }

  @Test
  void refresh_atDebug() {
    run(v1, "impl", "0.2", "100");
    assertEquals(List.of("FINE astrocache: " + FUNCTION + " misses: refreshed"
        + " (astrocache.refresh)", "result 120.0"),
        run(v1, Map.of("astrocache.refresh", FUNCTION), "impl", "0.2", "100"));
  }
}
