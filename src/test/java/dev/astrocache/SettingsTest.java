package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void get_builderThenPropertyThenEnvironment() {
    Map<String, String> props = Map.of("astrocache.store", "memory", "astrocache.dir", "/p");
    Map<String, String> env = Map.of("ASTROCACHE_STORE", "http", "ASTROCACHE_DIR", "/e",
        "ASTROCACHE_REMOTE_URL", "http://e/");
    Settings s = new Settings(Map.of("store", "tiered"), props::get, env::get);
    assertEquals(Optional.of("tiered"), s.get("store"));
    assertEquals(Optional.of("/p"), s.get("dir"));
    assertEquals(Optional.of("http://e/"), s.get("remote.url"));
    assertEquals(Optional.empty(), s.get("serializer"));
    assertEquals(Path.of("/p"), s.directory());
  }

  @Test
  void directory_defaultsToDotAstrocacheInHome() {
    Settings s = new Settings(Map.of(), k -> k.equals("user.home") ? System.getProperty(k) : null,
        k -> null);
    assertEquals(Path.of(System.getProperty("user.home"), ".astrocache"), s.directory());
  }

  @Test
  void environmentName_dotsBecomeUnderscores() {
    assertEquals("ASTROCACHE_REMOTE_SECRET", Settings.environmentName("remote.secret"));
    assertEquals("ASTROCACHE_MAX_BYTES", Settings.environmentName("max.bytes"));
  }

  @Test
  void strict_malformedValueIsAClearError() {
    Settings s = new Settings(Map.of("strict", "maybe"), k -> null, k -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::strict);
    assertEquals("astrocache.strict must be a boolean such as true or false (or yes/no, on/off,"
        + " 1/0), not 'maybe'", e.getMessage());
  }

  /** The real lookup, in a child JVM that gets ASTROCACHE_DIR from its environment. */
  @Test
  void directory_fromRealEnvironmentAndProperty() {
    List<String> cmd = ChildJvm.command(PrintDirectory.class.getName(), List.of(), Map.of());
    ChildJvm.Result r = ChildJvm.exec(cmd, Map.of("ASTROCACHE_DIR", "/from/env"));
    assertEquals("/from/env\n", r.output(), r.output());
    cmd = ChildJvm.command(PrintDirectory.class.getName(), List.of(),
        Map.of("astrocache.dir", "/from/property"));
    r = ChildJvm.exec(cmd, Map.of("ASTROCACHE_DIR", "/from/env"));
    assertEquals("/from/property\n", r.output(), r.output());
  }

  /** Child JVM main: prints the directory the settings resolve. */
  public static final class PrintDirectory {
    public static void main(String[] args) {
      System.out.println(new Settings(Map.of()).directory());
    }
  }
}
