package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.testing.LogCapture;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {
  private final Stats stats = new Stats();

  @Test
  void error_lenient_warnsOncePerCauseAndCountsEveryOne() {
    FailurePolicy policy = new FailurePolicy(false, stats);
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      policy.error("read:a", "a failed", IllegalStateException::new);
      policy.error("read:a", "a failed again", IllegalStateException::new);
      policy.error("read:b", "b failed", IllegalStateException::new);
      assertEquals(List.of("a failed", "b failed"), log.messages(Level.WARNING));
    }
    assertEquals(3, stats.snapshot().errors());
  }

  @Test
  void error_strict_countsThenThrowsWhatItIsGiven() {
    FailurePolicy policy = new FailurePolicy(true, stats);
    IllegalStateException made = new IllegalStateException("x (strict mode)");
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      assertSame(made, assertThrows(IllegalStateException.class,
          () -> policy.error("write:a", "a failed", () -> made)));
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
    assertEquals(1, stats.snapshot().errors());
  }

  @Test
  void failed_withoutWarning_isSilentUnlessStrict() {
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      new FailurePolicy(false, stats).failed("unresolved", null, IllegalStateException::new);
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
    FailurePolicy strict = new FailurePolicy(true, stats);
    assertThrows(IllegalStateException.class,
        () -> strict.failed("unresolved", null, IllegalStateException::new));
    assertEquals(0, stats.snapshot().errors());
  }

  @Test
  void rejected_countsInRejectedAndWarnsOncePerCause() {
    FailurePolicy policy = new FailurePolicy(true, stats); // strict mode does not throw for these
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      policy.rejected("corrupt", "entry 1 is unusable");
      policy.rejected("corrupt", "entry 2 is unusable");
      assertEquals(List.of("entry 1 is unusable"), log.messages(Level.WARNING));
    }
    assertEquals(2, stats.snapshot().rejected());
    assertEquals(0, stats.snapshot().errors());
  }
}
