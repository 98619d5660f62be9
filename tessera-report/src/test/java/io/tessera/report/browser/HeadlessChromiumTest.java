package io.tessera.report.browser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without a browser the browser tests skip, and say how to get one. */
class HeadlessChromiumTest {

  @Test
  void shouldSkipWithAClearMessageWhenNoBrowserIsInstalled() {
    String before = System.getProperty("tessera.chromium");
    System.setProperty("tessera.chromium", "/nonexistent/chromium");
    try {
      assertThatThrownBy(HeadlessChromium::startOrSkip)
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining("no Chromium at /nonexistent/chromium")
          .hasMessageContaining("scripts/install-system-deps");
    } finally {
      if (before == null) {
        System.clearProperty("tessera.chromium");
      } else {
        System.setProperty("tessera.chromium", before);
      }
    }
  }
}
