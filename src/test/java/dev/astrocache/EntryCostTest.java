package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.astrocache.base.EntryCost;
import dev.astrocache.store.FileLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The store reads two facts of the front's formats without depending on the front: an entry's
 * compute time ({@link EntryCost}, from {@link EntryFrame}'s header) and which manifest lines are
 * ambient inputs ({@link FileLayout#MANIFEST_INPUT_PREFIX}, written by {@link Ambient}). These
 * hold each pair together.
 */
class EntryCostTest {
  private static final byte[] KEY = new byte[32];

  @Test
  void computeNanos_readsWhatEntryFrameWrote_inEveryVersion() {
    byte[] v1 = EntryFrame.write(new EntryFrame.Header("astrocache", KEY, 1L, 123_456_789L),
        new byte[] {1, 2, 3});
    byte[] v2 = EntryFrame.write(new EntryFrame.Header("x".repeat(255), KEY, 1L, 42L,
        "quote(\"widget\", 3)"), new byte[10]);
    assertEquals(123_456_789L, EntryCost.computeNanos(v1, v1.length));
    assertEquals(42L, EntryCost.computeNanos(v2, v2.length));
    byte[] v3 = EntryFrame.write(new EntryFrame.Header("astrocache", KEY, 1L, 5L, null, 1000L),
        new byte[4]);
    byte[] v4 = EntryFrame.write(new EntryFrame.Header("astrocache", KEY, 1L, 6L, "f()", 1000L),
        new byte[4]);
    assertEquals(3, v3[5]);
    assertEquals(5L, EntryCost.computeNanos(v3, v3.length));
    assertEquals(EntryFrame.FORMAT_VERSION, v4[5]);
    assertEquals(6L, EntryCost.computeNanos(v4, v4.length));
    // the first HEAD_BYTES bytes are enough, whatever the name's length
    assertEquals(42L, EntryCost.computeNanos(Arrays.copyOf(v2, EntryCost.HEAD_BYTES),
        EntryCost.HEAD_BYTES));
  }

  @Test
  void computeNanos_notAFrameOrCutShort_isMinusOne() {
    byte[] v1 = EntryFrame.write(new EntryFrame.Header("astrocache", KEY, 1L, 7L), new byte[0]);
    assertEquals(-1, EntryCost.computeNanos(v1, 47 + "astrocache".length() + 7));
    byte[] foreign = v1.clone();
    foreign[0] = 'X';
    assertEquals(-1, EntryCost.computeNanos(foreign, foreign.length));
    byte[] future = v1.clone();
    future[5] = (byte) (EntryFrame.FORMAT_VERSION + 1);
    assertEquals(-1, EntryCost.computeNanos(future, future.length));
    assertEquals(-1, EntryCost.computeNanos(new byte[3], 3));
  }

  @Test
  void manifestInputPrefix_isWhatAmbientWrites() {
    assertEquals(Ambient.MANIFEST_PREFIX, FileLayout.MANIFEST_INPUT_PREFIX);
  }
}
