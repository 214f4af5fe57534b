package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule for a machine without nginx: fail on CI, skip (saying so) elsewhere. */
class NginxServerTest {

  @Test
  void missing_onCi_failsSayingHowToInstall() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> NginxServer.missing("true"));
    assertEquals("nginx is not installed: the HTTP store tests need nginx with WebDAV on the PATH"
        + " or at /usr/sbin/nginx; install it with `apt-get install nginx-light` (Debian/Ubuntu)",
        e.getMessage());
    assertThrows(AssertionFailedError.class, () -> NginxServer.missing("TRUE"));
  }

  @Test
  void missing_outsideCi_skipsSayingSo() {
    for (String ci : new String[] {null, "", "false", "1"}) {
      TestAbortedException e = assertThrows(TestAbortedException.class,
          () -> NginxServer.missing(ci), "CI=" + ci);
      assertEquals(NginxServer.MISSING
          + " (skipped because CI is not true; with CI=true this fails)", e.getMessage());
    }
  }
}
