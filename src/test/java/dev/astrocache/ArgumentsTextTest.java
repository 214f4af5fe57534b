package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.astrocache.store.FileLayout;
import dev.astrocache.spi.EntryKey;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgumentsTextTest {
  enum Size { SMALL, LARGE }

  record Point(int x, int y) {}

  static final class Config {
    @Override
    public String toString() {
      throw new AssertionError("a user's toString must not run at put time");
    }
  }

  public interface Prices {
    double quote(String item, int quantity);
  }

  static final class SlowPrices implements Prices {
    @Override
    public double quote(String item, int quantity) {
      return item.length() * quantity;
    }
  }

  private static String of(Object... args) {
    return ArgumentsText.of("f", args, null);
  }

  @Test
  void of_scalars_renderAsInSource() {
    assertEquals("quote(\"widget\", 3)",
        ArgumentsText.of("quote", new Object[] {"widget", 3}, null));
    assertEquals("f(null, 'c', true, 2.5, 7, Size.LARGE, String.class)",
        of(null, 'c', true, 2.5, BigDecimal.valueOf(7), Size.LARGE, String.class));
    assertEquals("f()", of());
    assertEquals("f(2026-12-01)", of(LocalDate.of(2026, 12, 1)));
  }

  @Test
  void of_strings_escapeQuotesAndControlCharacters() {
    assertEquals("f(\"a\\\"b\\\\c\\nd\\te\\u0001\")", of("a\"b\\c\nd\te\u0001"));
    assertEquals("f(\"\\ud800x\", \"😀\")", of("\ud800x", "😀"));
  }

  @Test
  void of_containersRecordsAndObjects_renderWithoutUserToString() {
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", 2);
    assertEquals("f([1, 2], [x, y], {a=1, b=2}, Optional[3], Optional[])",
        of(new int[] {1, 2}, List.of("x", "y").toArray(), map, Optional.of(3), Optional.empty())
            .replace("\"", ""));
    assertEquals("f(Point[x=1, y=2], Config{…}, lambda{…})",
        of(new Point(1, 2), new Config(), (Runnable) () -> { }));
    assertEquals("f([[[…]]])", of((Object) List.of(List.of(List.of(List.of(1))))));
  }

  @Test
  void of_longText_isCutAt80CharactersWithAnEllipsis() {
    String text = of("x".repeat(200));
    assertEquals(80, text.length());
    assertEquals("f(\"" + "x".repeat(76) + "…", text);
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      many.add(i);
    }
    assertEquals(80, of(many).length());
  }

  @Test
  void of_cutInsideASurrogatePair_dropsTheWholePair() {
    String text = of("x".repeat(75) + "😀😀");
    assertEquals("f(\"" + "x".repeat(75) + "…", text);
  }

  @Test
  void of_argumentsNotShown_areLeftOut() {
    assertEquals("quote(\"widget\")",
        ArgumentsText.of("quote", new Object[] {"widget", "secret"}, new boolean[] {false, true}));
  }

  @Test
  void put_recordsTheArgumentsInTheHeader_unlessTurnedOff(@TempDir Path dir) throws Exception {
    try (Cache cache = Astrocache.builder().directory(dir.resolve("on")).build()) {
      cache.wrap(Prices.class, new SlowPrices()).quote("widget", 3);
    }
    assertEquals("quote(\"widget\", 3)", onlyHeader(dir.resolve("on")).arguments());

    try (Cache cache = Astrocache.builder().directory(dir.resolve("off"))
        .setting("describe.arguments", "false").build()) {
      cache.wrap(Prices.class, new SlowPrices()).quote("widget", 3);
    }
    EntryFrame.Header off = onlyHeader(dir.resolve("off"));
    assertNull(off.arguments());
  }

  private static EntryFrame.Header onlyHeader(Path root) throws Exception {
    FileLayout layout = FileLayout.of(root);
    List<EntryKey> keys = new ArrayList<>();
    for (String function : layout.functions()) {
      for (String fingerprint : layout.fingerprints(function)) {
        keys.addAll(layout.entries(function, fingerprint));
      }
    }
    assertEquals(1, keys.size(), keys.toString());
    byte[] entry = Files.readAllBytes(layout.entry(keys.get(0)));
    byte[] key = HexFormat.of().parseHex(keys.get(0).key());
    EntryFrame.Header header = EntryFrame.read(entry, key).header();
    assertEquals(header.arguments() == null ? 1 : 2, entry[5], "the format version");
    return header;
  }
}
