package dev.astrocache.store;

import static dev.astrocache.store.StoreContract.bytes;
import static dev.astrocache.store.StoreContract.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLayoutTest {
  private static final String FUNCTION = "com.example.Prices.quote-1f3a9c0e";

  @TempDir Path root;

  private FileLayout layout() {
    return FileLayout.of(root);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** Every regular file under the root, relative to it, with '/'. */
  private List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  @Test
  void of_relativeRoot_isMadeAbsoluteAndNormalized() {
    Path relative = Path.of("a/../cache");
    assertEquals(relative.toAbsolutePath().normalize(), FileLayout.of(relative).root());
  }

  @Test
  void paths_areFunctionFingerprintShardKey() {
    EntryKey key = key("a");
    String fp = key.fingerprint();
    String shard = key.key().substring(0, 2);
    FileLayout layout = layout();
    assertEquals(root.resolve(FUNCTION), layout.function(FUNCTION));
    assertEquals(root.resolve(FUNCTION).resolve(fp), layout.fingerprint(FUNCTION, fp));
    assertEquals(root.resolve(FUNCTION).resolve(fp).resolve("manifest.txt"),
        layout.manifest(FUNCTION, fp));
    assertEquals(root.resolve(FUNCTION).resolve(fp).resolve(shard), layout.shard(key));
    assertEquals(root.resolve(FUNCTION).resolve(fp).resolve(shard).resolve(key.key()),
        layout.entry(key));
    assertEquals(root.resolve("quarantine"), layout.quarantine());
  }

  @Test
  void newTemporary_isBesideItsTargetNamedAfterItTheProcessAndACounter() {
    Path entry = layout().entry(key("a"));
    Path temp = layout().newTemporary(entry);
    assertEquals(entry.getParent(), temp.getParent());
    String name = temp.getFileName().toString();
    String prefix = "." + entry.getFileName() + "." + ProcessHandle.current().pid() + ".";
    assertTrue(name.startsWith(prefix) && name.endsWith(".tmp"), name);
    assertTrue(name.substring(prefix.length(), name.length() - 4).matches("[0-9a-f]+"), name);
    assertFalse(temp.equals(layout().newTemporary(entry)), "two temporary files share a name");
  }

  @Test
  void newQuarantined_namesFunctionFingerprintKeyTimeProcessAndCounter() {
    EntryKey key = key("a");
    long before = System.currentTimeMillis();
    Path file = layout().newQuarantined(key);
    assertEquals(layout().quarantine(), file.getParent());
    String name = file.getFileName().toString();
    String prefix = FUNCTION + "--" + key.fingerprint().substring(0, 16) + "--" + key.key() + "--";
    assertTrue(name.startsWith(prefix), name);
    String[] rest = name.substring(prefix.length()).split("-");
    assertEquals(3, rest.length, name);
    assertTrue(Long.parseLong(rest[0]) >= before, name);
    assertEquals(ProcessHandle.current().pid(), Long.parseLong(rest[1]), name);
    assertFalse(file.equals(layout().newQuarantined(key)), "two quarantines share a name");
  }

  @Test
  void newQuarantined_longFunction_keepsItsFirst120Characters() {
    Path file = layout().newQuarantined(key("f".repeat(200), "v1", "a"));
    String name = file.getFileName().toString();
    assertTrue(name.startsWith("f".repeat(120) + "--"), name);
    assertTrue(name.length() <= 255, name);
  }

  @Test
  void kind_ofEveryPathTheStoreMakes() {
    FileLayout layout = layout();
    EntryKey key = key("a");
    Path entry = layout.entry(key);
    Path manifest = layout.manifest(key.function(), key.fingerprint());
    assertEquals(FileLayout.Kind.FUNCTION, layout.kind(layout.function(FUNCTION)));
    assertEquals(FileLayout.Kind.FINGERPRINT,
        layout.kind(layout.fingerprint(FUNCTION, key.fingerprint())));
    assertEquals(FileLayout.Kind.SHARD, layout.kind(layout.shard(key)));
    assertEquals(FileLayout.Kind.ENTRY, layout.kind(entry));
    assertEquals(FileLayout.Kind.MANIFEST, layout.kind(manifest));
    assertEquals(FileLayout.Kind.TEMPORARY, layout.kind(layout.newTemporary(entry)));
    assertEquals(FileLayout.Kind.TEMPORARY, layout.kind(layout.newTemporary(manifest)));
    assertEquals(FileLayout.Kind.QUARANTINE, layout.kind(layout.quarantine()));
    assertEquals(FileLayout.Kind.QUARANTINED, layout.kind(layout.newQuarantined(key)));
    assertEquals(FileLayout.Kind.LOCK, layout.kind(layout.lock(key)));
    assertEquals(FileLayout.Kind.OTHER, layout.kind(layout.fingerprint(FUNCTION,
        key.fingerprint()).resolve(FileLayout.LOCK)));
  }

  @Test
  void lock_isBesideTheEntry_andItsRangeIsTheKeysFirst60Bits() {
    FileLayout layout = layout();
    EntryKey key = key("a");
    assertEquals(layout.shard(key).resolve(".lock"), layout.lock(key));
    assertEquals(Long.parseLong(key.key().substring(0, 15), 16), FileLayout.lockRange(key));
    assertTrue(FileLayout.lockRange(new EntryKey(FUNCTION, key.fingerprint(), "f".repeat(64)))
        > 0);
  }

  @Test
  void kind_ofWhatTheStoreDoesNotMake_isOther() {
    FileLayout layout = layout();
    EntryKey key = key("a");
    Path entry = layout.entry(key);
    Path shard = entry.getParent();
    Path fingerprint = shard.getParent();
    String other = key("b").key();
    String notThisShard = other.startsWith(shard.getFileName().toString()) ? "0" + other : other;
    // by name and place only: a file README at the root is named like a function (listings skip it)
    for (Path p : List.of(root, root.getParent(), root.resolve(".hidden"), root.resolve(".hidden").resolve(key.fingerprint()),
        root.resolve(FUNCTION).resolve("v1"), // not a fingerprint
        root.resolve(FUNCTION).resolve(key.fingerprint().toUpperCase()),
        fingerprint.resolve("notes.txt"), fingerprint.resolve("abc"),
        fingerprint.resolve(key.key()), // an entry one level too high
        shard.resolve("notes.txt"), shard.resolve(notThisShard),
        shard.resolve("." + key.key() + ".tmp"), // no process and counter
        shard.resolve("." + key.key() + ".pid.1.tmp"),
        shard.resolve(".notes.txt.42.1.tmp"), // a temporary file of nothing the store writes
        fingerprint.resolve(".notes.txt.42.1.tmp"),
        entry.resolve("below"), // deeper than entries
        root.resolve("quarantine").resolve("notes.txt"),
        root.resolve("quarantine").resolve("sub").resolve(key.key()),
        Path.of("/elsewhere").toAbsolutePath().resolve(FUNCTION))) {
      assertEquals(FileLayout.Kind.OTHER, layout.kind(p), p.toString());
    }
  }

  @Test
  void temporaryTarget_isTheNameOfTheFileItBecomes() {
    String key = key("a").key();
    assertEquals(key, FileLayout.temporaryTarget("." + key + ".42.7.tmp"));
    assertEquals("manifest.txt", FileLayout.temporaryTarget(".manifest.txt.42.1f.tmp"));
    for (String name : List.of(key, ".tmp", "..tmp", ".x.tmp", "." + key + ".42..tmp",
        "." + key + "..7.tmp", "." + key + ".4x.7.tmp", "." + key + ".42.7g.tmp",
        "." + key + ".42.7.tmp.old", key + ".42.7.tmp")) {
      assertNull(FileLayout.temporaryTarget(name), name);
    }
  }

  @Test
  void function_nameThatIsNotOneFolder_isRefused() {
    for (String bad : List.of("", ".", "..", "../etc", "a/b", "a\\b", "quarantine", ".hidden")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> layout().function(bad));
      assertEquals("not a function folder name: '" + bad + "'", e.getMessage());
    }
  }

  @Test
  void fingerprint_notSixtyFourHex_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layout().manifest(FUNCTION, "../" + key("a").fingerprint()));
    assertEquals("fingerprint must be 64 lower-case hex digits: '../" + key("a").fingerprint()
        + "'", e.getMessage());
  }

  @Test
  void write_isWholeAt0600InNew0700FoldersAndLeavesNoTemporaryFile() throws IOException {
    FileLayout layout = FileLayout.of(root.resolve("new"));
    EntryKey key = key("a");
    Path manifest = layout.manifest(key.function(), key.fingerprint());
    layout.write(manifest, bytes(1, 100));
    layout.write(manifest, bytes(2, 50));
    assertArrayEquals(bytes(2, 50), Files.readAllBytes(manifest));
    assertEquals(List.of("new/" + FUNCTION + "/" + key.fingerprint() + "/manifest.txt"), files());
    assertEquals("rw-------", permissions(manifest));
    for (Path dir = manifest.getParent(); !dir.equals(root); dir = dir.getParent()) {
      assertEquals("rwx------", permissions(dir), dir.toString());
    }
  }

  @Test
  void createDirectories_makesEveryMissingFolder0700() throws IOException {
    Path shard = layout().shard(key("a"));
    layout().createDirectories(shard);
    for (Path dir = shard; !dir.equals(root); dir = dir.getParent()) {
      assertEquals("rwx------", permissions(dir), dir.toString());
    }
  }

  @Test
  void writeTemp_isA0600FileBesideTheTargetThatMovesIntoPlace() throws IOException {
    Path entry = layout().entry(key("a"));
    Path temp = layout().writeTemp(entry, bytes(3, 10)); // the folders are made as needed
    assertEquals(FileLayout.Kind.TEMPORARY, layout().kind(temp));
    assertEquals("rw-------", permissions(temp));
    FileLayout.moveIntoPlace(temp, entry);
    assertArrayEquals(bytes(3, 10), Files.readAllBytes(entry));
    assertFalse(Files.exists(temp));
  }

  @Test
  void listings_nameWhatTheStoreWroteAndSkipEverythingElse() throws IOException {
    FileLayout layout = layout();
    EntryKey a = key(FUNCTION, "v1", "a");
    EntryKey b = key(FUNCTION, "v1", "b");
    EntryKey c = key(FUNCTION, "v2", "c");
    EntryKey other = key("com.example.Other.f-00000001", "v1", "d");
    try (FileStore store = FileStore.open(root, Long.MAX_VALUE)) {
      for (EntryKey k : List.of(a, b, c, other)) {
        store.put(k, bytes(1, 10));
      }
      store.put(key(FUNCTION, "v3", "q"), bytes(1, 10));
      store.quarantine(key(FUNCTION, "v3", "q"));
    }
    // what a person or a writer that died left there
    Files.write(root.resolve("README"), bytes(1, 1));
    Files.createDirectories(root.resolve(".git"));
    Files.createDirectories(layout.function(FUNCTION).resolve("not-a-fingerprint"));
    Files.write(layout.shard(a).resolve("notes.txt"), bytes(1, 1));
    Files.write(layout.newTemporary(layout.entry(a)), bytes(1, 1));
    Files.write(layout.quarantine().resolve("notes.txt"), bytes(1, 1));
    Files.write(layout.manifest(FUNCTION, c.fingerprint()), bytes(1, 1));

    assertEquals(List.of("com.example.Other.f-00000001", FUNCTION), layout.functions());
    List<String> fingerprints = Stream.of(a, c, key(FUNCTION, "v3", "q"))
        .map(EntryKey::fingerprint).sorted().toList();
    assertEquals(fingerprints, layout.fingerprints(FUNCTION));
    assertEquals(Stream.of(a, b).sorted(java.util.Comparator.comparing(EntryKey::key)).toList(),
        layout.entries(FUNCTION, a.fingerprint()));
    assertTrue(layout.hasEntries(FUNCTION, a.fingerprint()));
    assertTrue(layout.hasEntries(FUNCTION, c.fingerprint()));
    // the quarantined entry's shard folder stays until the sweeper removes it
    assertEquals(List.of(), layout.entries(FUNCTION, key(FUNCTION, "v3", "q").fingerprint()));
    assertFalse(layout.hasEntries(FUNCTION, key(FUNCTION, "v9", "x").fingerprint()));
    assertEquals(1, layout.quarantined().size());
    assertEquals(FileLayout.Kind.QUARANTINED, layout.kind(layout.quarantined().get(0)));
  }

  @Test
  void listings_ofATreeThatDoesNotExist_areEmpty() throws IOException {
    FileLayout layout = FileLayout.of(root.resolve("missing"));
    assertEquals(List.of(), layout.functions());
    assertEquals(List.of(), layout.fingerprints(FUNCTION));
    assertEquals(List.of(), layout.entries(FUNCTION, key("a").fingerprint()));
    assertFalse(layout.hasEntries(FUNCTION, key("a").fingerprint()));
    assertEquals(List.of(), layout.quarantined());
  }
}
