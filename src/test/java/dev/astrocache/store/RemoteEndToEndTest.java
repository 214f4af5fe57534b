package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.Astrocache;
import dev.astrocache.CacheStats;
import dev.astrocache.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs running an unchanged program, configured by system properties alone to use the
 * {@code tiered} store in front of a real nginx: they share results across local directories, a
 * forged entry on the server is refused, and a stopped server costs one warning.
 */
class RemoteEndToEndTest {

  @RegisterExtension static final NginxServer.PerClass NGINX = new NginxServer.PerClass();

  @TempDir Path tmp;

  public interface Prices {
    String quote(String symbol);
  }

  static final class SlowPrices implements Prices {
    @Override
    public String quote(String symbol) {
      System.out.println("computed " + symbol);
      return symbol + "=" + symbol.length() * 7;
    }
  }

  /** The program: knows nothing of remote stores. Each argument is one call; then the stats. */
  public static final class Main {
    public static void main(String[] args) {
      Prices prices = Astrocache.wrap(Prices.class, new SlowPrices());
      for (String symbol : args) {
        System.out.println("result " + prices.quote(symbol));
      }
      CacheStats s = Astrocache.defaultCache().stats();
      System.out.println("hits=" + s.hits() + " misses=" + s.misses() + " rejected=" + s.rejected());
    }
  }

  private Map<String, String> tiered(String localDir, String url) {
    Map<String, String> props = new HashMap<>();
    props.put("astrocache.store", "tiered");
    props.put("astrocache.dir", tmp.resolve(localDir).toString());
    props.put("astrocache.remote.url", url);
    props.put("astrocache.remote.secret", HttpStoreTest.SECRET);
    props.put("astrocache.remote.timeout", HttpStoreTest.TEST_TIMEOUT);
    return props;
  }

  private static ChildJvm.Result run(Map<String, String> props, String... args) {
    ChildJvm.Result r = ChildJvm.run(Main.class.getName(), List.of(), props, args);
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void twoJvms_differentLocalDirectories_shareResultsThroughNginx() throws IOException {
    String url = NGINX.server().url() + "share/";
    ChildJvm.Result first = run(tiered("a", url), "ACME");
    assertTrue(first.output().contains("computed ACME\nresult ACME=28\nhits=0 misses=1 rejected=0\n"),
        first.output());

    ChildJvm.Result second = run(tiered("b", url), "ACME");
    assertFalse(second.output().contains("computed"), second.output());
    assertTrue(second.output().contains("result ACME=28\nhits=1 misses=0 rejected=0\n"),
        second.output());

    // the remote hit filled b: with the server gone, b still answers, and never asks it
    Map<String, String> offline = tiered("b", "http://127.0.0.1:" + closedPort() + "/cache/");
    ChildJvm.Result third = run(offline, "ACME");
    assertTrue(third.output().contains("result ACME=28\nhits=1 misses=0 rejected=0\n"),
        third.output());
    assertFalse(third.output().contains("remote store failed"), third.output());
  }

  @Test
  void forgedEntryOnTheServer_isRefusedAndComputedAgain() throws IOException {
    String url = NGINX.server().url() + "forged/";
    run(tiered("a", url), "ACME");
    Path object;
    try (Stream<Path> files = Files.list(NGINX.server().cacheDir().resolve("forged"))) {
      object = files.reduce((x, y) -> {
        throw new AssertionError("one object expected under forged/: " + x + ", " + y);
      }).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length - HmacEnvelope.MAC_LENGTH - 2] ^= 1; // inside the value's bytes
    Files.write(object, bytes);

    ChildJvm.Result second = run(tiered("b", url), "ACME");
    // refused at each lookup (the cache looks again inside its single flight), logged once
    assertTrue(second.output().contains("computed ACME\nresult ACME=28\nhits=0 misses=1 rejected="),
        second.output());
    assertFalse(second.output().contains("rejected=0"), second.output());
    assertEquals(1, count(second.output(), "signature mismatch"), second.output());
  }

  @Test
  void serverStopped_callsAreAnsweredWithOneWarning() throws IOException {
    int port;
    try (NginxServer own = NginxServer.start(tmp)) {
      port = own.port();
      run(tiered("a", own.url().toString()), "ACME");
    }
    String url = "http://127.0.0.1:" + port + "/cache/";
    ChildJvm.Result r = run(tiered("a", url), "ACME", "INITECH", "GLOBEX", "INITECH");
    assertTrue(r.output().contains("result ACME=28\n"), r.output());
    assertTrue(r.output().contains("computed INITECH\nresult INITECH=49\n"), r.output());
    assertTrue(r.output().contains("computed GLOBEX\nresult GLOBEX=42\n"), r.output());
    assertTrue(r.output().contains("hits=2 misses=2 rejected=0\n"), r.output());
    assertEquals(1, count(r.output(), "the remote store failed"), r.output());
  }

  /** A loopback port where nothing listens (now). */
  private static int closedPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
