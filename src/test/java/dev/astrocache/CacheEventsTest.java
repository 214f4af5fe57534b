package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events, recorded by a real program run with {@code -XX:StartFlightRecording} and read
 * back from the {@code .jfr} file: a miss with its reason and the computation's duration, the put
 * of its entry, a hit with the bytes it read and the compute time it saved, and the eviction of
 * the entries of the code version this release replaced ({@code max.versions=1}).
 */
class CacheEventsTest {
  private static final String PROGRAM = """
      package jfr;

      import dev.astrocache.Astrocache;

      public final class Main {
        public interface Quotes {
          String quote(String item, int quantity);
        }

        static final class Slow implements Quotes {
          @Override
          public String quote(String item, int quantity) {
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return item + " x" + quantity + " = " + (quantity * %PRICE%);
          }
        }

        public static void main(String[] args) {
          Quotes q = Astrocache.wrap(Quotes.class, new Slow());
          System.out.println(q.quote("widget", 3));
          System.out.println(q.quote("widget", 3));
          Astrocache.defaultCache().close();
        }
      }
      """;

  @TempDir
  Path tmp;

  @Test
  void recordedRun_hasHitMissPutAndEvictionEventsWithTheirFields() throws IOException {
    Path dir = tmp.resolve("cache");
    Map<String, String> props = Map.of("astrocache.dir", dir.toString(), "astrocache.max.versions",
        "1");
    Path v1 = Javac.compile(tmp.resolve("v1"), Map.of("jfr.Main", PROGRAM.replace("%PRICE%", "2")));
    ChildJvm.Result first = ChildJvm.run("jfr.Main", List.of(v1), props);
    assertEquals(0, first.exitCode(), first.output());

    Path v2 = Javac.compile(tmp.resolve("v2"), Map.of("jfr.Main", PROGRAM.replace("%PRICE%", "5")));
    Path jfr = tmp.resolve("run.jfr");
    List<String> command = new ArrayList<>(ChildJvm.command("jfr.Main", List.of(v2), props));
    command.add(1, "-XX:StartFlightRecording:filename=" + jfr);
    ChildJvm.Result second = ChildJvm.exec(command);
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("widget x3 = 15"), second.output());

    Map<String, List<RecordedEvent>> events = new TreeMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      String name = e.getEventType().getName();
      if (name.startsWith("dev.astrocache.")) {
        events.computeIfAbsent(name, n -> new ArrayList<>()).add(e);
      }
    }
    assertEquals(List.of("dev.astrocache.Eviction", "dev.astrocache.Hit", "dev.astrocache.Miss",
        "dev.astrocache.Put"), List.copyOf(events.keySet()), events.toString());
    String function = "jfr.Main$Quotes.quote-";

    RecordedEvent miss = single(events.get("dev.astrocache.Miss"));
    assertTrue(miss.getString("function").startsWith(function), miss.toString());
    assertEquals("absent", miss.getString("reason"));
    assertTrue(miss.getDuration().compareTo(Duration.ofMillis(50)) >= 0, miss.toString());

    RecordedEvent put = single(events.get("dev.astrocache.Put"));
    assertEquals(miss.getString("function"), put.getString("function"));
    assertTrue(put.getLong("bytes") > 0, put.toString());

    RecordedEvent hit = single(events.get("dev.astrocache.Hit"));
    assertEquals(miss.getString("function"), hit.getString("function"));
    assertEquals(put.getLong("bytes"), hit.getLong("bytes"), "the entry written is the one read");
    assertTrue(hit.getDuration("computeTime").compareTo(Duration.ofMillis(50)) >= 0,
        hit.toString());

    RecordedEvent eviction = single(events.get("dev.astrocache.Eviction"));
    assertEquals(miss.getString("function"), eviction.getString("function"));
    assertEquals("old code version", eviction.getString("reason"));
    assertEquals(put.getLong("bytes") - 1, eviction.getLong("bytes"),
        "v1's entry: the same call, one digit less in its value");
  }

  private static RecordedEvent single(List<RecordedEvent> events) {
    assertEquals(1, events.size(), events.toString());
    return events.get(0);
  }
}
