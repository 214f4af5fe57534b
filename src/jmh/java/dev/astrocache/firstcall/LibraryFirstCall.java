package dev.astrocache.firstcall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.guava.GuavaModule;
import com.google.common.collect.ImmutableMap;
import dev.astrocache.Astrocache;

/**
 * The first call of a fresh JVM to a method that reaches real libraries: it serializes a Guava
 * {@code ImmutableMap} with Jackson (jackson-databind and jackson-datatype-guava). Run by
 * {@code benchmarks/first-call-library.sh} in child JVMs, {@code cached} (wrap, then one call,
 * a hit once the cache holds it) against {@code bare} (the same call without the cache).
 *
 * <pre>
 * java -cp ... dev.astrocache.firstcall.LibraryFirstCall cached|bare
 * </pre>
 */
public final class LibraryFirstCall {
  private LibraryFirstCall() {}

  /** What is cached. */
  public interface Report {
    /** The report of {@code n} as JSON. */
    String json(int n);
  }

  /** Builds its mapper in the call, as a one-off tool would. */
  public static final class JsonReport implements Report {
    @Override
    public String json(int n) {
      ObjectMapper mapper = new ObjectMapper().registerModule(new GuavaModule());
      ImmutableMap<String, Object> report = ImmutableMap.of("n", n, "square", n * n,
          "name", "report-" + n, "tags", ImmutableMap.of("kind", "first-call", "lib", "jackson"));
      try {
        return mapper.writeValueAsString(report);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static void main(String[] args) {
    Report report = new JsonReport();
    if (args.length > 0 && args[0].equals("cached")) {
      report = Astrocache.wrap(Report.class, report);
    }
    System.out.println(report.json(7));
  }
}
