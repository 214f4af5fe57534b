package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module descriptor exports the API and the SPIs, and nothing else. */
class ModuleDescriptorTest {

  private static ModuleDescriptor descriptor() throws IOException {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void exports_onlyTheApiAndTheSpis() throws IOException {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.astrocache", d.name());
    assertEquals(Set.of("dev.astrocache", "dev.astrocache.spi"),
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertEquals(Set.of(), d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertEquals(Set.of(), d.opens());
  }

  @Test
  void requires_onlyTheJdk() throws IOException {
    Set<String> required = descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(Set.of("java.base", "java.management", "java.net.http", "jdk.jfr")),
        required);
  }

  @Test
  void usesAndProvides_theSpis() throws IOException {
    ModuleDescriptor d = descriptor();
    assertEquals(Set.of("dev.astrocache.spi.Serializer", "dev.astrocache.spi.StoreProvider"),
        d.uses());
    Set<String> provided = d.provides().stream().map(ModuleDescriptor.Provides::service)
        .collect(Collectors.toSet());
    assertEquals(Set.of("dev.astrocache.spi.Serializer", "dev.astrocache.spi.StoreProvider"),
        provided);
  }

  @Test
  void servicesFiles_matchTheDescriptor() throws IOException {
    ModuleDescriptor d = descriptor();
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    for (ModuleDescriptor.Provides p : d.provides()) {
      Set<String> listed = Files.readAllLines(classes.resolve("META-INF/services/" + p.service()))
          .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toSet());
      assertEquals(Set.copyOf(p.providers()), listed, p.service());
    }
  }
}
