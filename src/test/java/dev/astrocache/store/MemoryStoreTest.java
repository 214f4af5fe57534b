package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.spi.Store;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreContract {

  @Override
  protected Store open(TestStoreContext context) throws IOException {
    return context.open("memory");
  }

  private static MemoryStore sized(String maxBytes) throws IOException {
    return (MemoryStore) new MemoryStoreProvider().open(
        new TestStoreContext(java.nio.file.Path.of("unused")).set("memory.max.bytes", maxBytes));
  }

  @Test
  void open_byName_isTheMemoryStore() {
    assertInstanceOf(MemoryStore.class, store);
  }

  @Test
  void manifests_none() {
    assertEquals(java.util.Optional.empty(), store.manifests());
  }

  @Test
  void put_pastTheCap_dropsLeastRecentlyUsed() throws IOException {
    MemoryStore small = sized(Integer.toString(3 * (100 + MemoryStore.OVERHEAD)));
    small.put(key("a"), bytes(1, 100));
    small.put(key("b"), bytes(2, 100));
    small.put(key("c"), bytes(3, 100));
    small.get(key("a")); // a is now more recently used than b
    small.put(key("d"), bytes(4, 100));
    assertNull(small.get(key("b")));
    assertArrayEquals(bytes(1, 100), small.get(key("a")));
    assertArrayEquals(bytes(3, 100), small.get(key("c")));
    assertArrayEquals(bytes(4, 100), small.get(key("d")));
    assertEquals(3 * (100 + MemoryStore.OVERHEAD), small.bytes());
  }

  @Test
  void put_entryLargerThanTheCap_isNotKeptAndReplacesTheOld() throws IOException {
    MemoryStore small = sized("1k");
    small.put(key("a"), bytes(1, 100));
    small.put(key("a"), bytes(2, 2000));
    assertNull(small.get(key("a")));
    assertEquals(0, small.bytes());
  }

  @Test
  void put_overwrite_chargesOnlyTheNewEntry() throws IOException {
    MemoryStore small = sized("1m");
    small.put(key("a"), bytes(1, 100));
    small.put(key("a"), bytes(2, 300));
    assertEquals(300 + MemoryStore.OVERHEAD, small.bytes());
  }

  @Test
  void open_defaultCap_is64MiB() throws IOException {
    MemoryStore memory = (MemoryStore) store;
    memory.put(key("a"), bytes(1, 64 * 1024 * 1024 - MemoryStore.OVERHEAD));
    assertEquals(64 * 1024 * 1024, memory.bytes());
    memory.put(key("b"), new byte[1]);
    assertNull(memory.get(key("a")));
  }

  @Test
  void open_malformedCap_namesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sized("lots"));
    assertEquals("astrocache.memory.max.bytes must be a positive size such as 500m, 2g or 1048576"
        + " (bytes; k, m, g, t are powers of 1024), not 'lots'", e.getMessage());
  }
}
