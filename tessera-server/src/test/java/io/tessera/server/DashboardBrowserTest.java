package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.report.browser.HeadlessChromium;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium: sign in with a key, open each page, create a rule
 * segment in the editor, post events through the collect API and see the customer enter the segment
 * on the customer page and in the live feed, pushed to the page by server-sent events. Skips with a
 * message when Chromium is absent.
 */
class DashboardBrowserTest {
  @TempDir Path dir;

  @Test
  void aMarketerShouldCreateARuleAndSeeACustomerEnterItOnThePage() throws Exception {
    try (TesseraServer server =
            TesseraServer.start(
                TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                    .withPort(0)
                    .withRates(1000, 1000)
                    .withKeys(Client.ADMIN, Client.WRITE));
        HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      Client client = new Client(server.port());
      String marketer =
          client
              .post("/api/v1/keys", "{\"name\":\"Mia\",\"role\":\"marketer\"}", Client.ADMIN)
              .json()
              .get("key")
              .asText();
      String base = "http://127.0.0.1:" + server.port();
      try (HeadlessChromium.Page page = chromium.open(URI.create(base + "/dashboard/index.html"))) {
        page.waitUntil("document.getElementById('login') !== null");
        page.evaluate("document.getElementById('key').value = '" + marketer + "'");
        page.evaluate("document.getElementById('login').click()");
        page.waitUntil("document.getElementById('who').textContent.includes('marketer')");
        page.waitUntil(
            "document.getElementById('overview-summary').textContent.includes('customers')");

        page.evaluate("location.hash = '#rules'");
        page.waitUntil("!document.getElementById('page-rules').hidden");
        page.evaluate("document.getElementById('rule-expr').value = 'count(add_to_cart 7d) >= 2'");
        page.evaluate("document.getElementById('rule-validate').click()");
        page.waitUntil("document.getElementById('rule-message').textContent.includes('column 19')");
        page.evaluate("document.getElementById('rule-id').value = 'carts'");
        page.evaluate("document.getElementById('rule-name').value = 'Two carts'");
        page.evaluate("document.getElementById('rule-expr').value = 'count(add_to_cart, 7d) >= 2'");
        page.evaluate("document.getElementById('rule-create').click()");
        page.waitUntil(
            "document.getElementById('rule-message').textContent.includes('rule:carts')");

        page.evaluate("location.hash = '#feed'");
        page.waitUntil("!document.getElementById('page-feed').hidden");
        // the feed is pushed (server-sent events), not polled
        page.waitUntil("document.getElementById('feed-mode').textContent.includes('pushed')");
        Instant now = Instant.now();
        client.collect("track", CollectApiTest.track("w-1", "hana", null, "Product Added", now));
        client.collect("track", CollectApiTest.track("w-2", "hana", null, "Product Added", now));
        page.waitUntil(
            "document.getElementById('feed').textContent.includes('hana')"
                + " && document.getElementById('feed').textContent.includes('rule:carts')");

        page.evaluate("location.hash = '#customer'");
        page.evaluate("document.getElementById('customer-id').value = 'hana'");
        page.evaluate("document.getElementById('customer-go').click()");
        page.waitUntil(
            "document.getElementById('customer-segments').textContent.includes('rule:carts')");
        page.waitUntil(
            "document.getElementById('customer-history').textContent.includes('entered')"
                + " && document.getElementById('customer-history').textContent.includes('w-2')");
        // no batch run yet: the page says where scores come from (ServeBatchRunTest shows them)
        page.waitUntil(
            "document.getElementById('customer-scores-source').textContent"
                + ".includes('No batch run has scored customers yet')");

        page.evaluate("location.hash = '#segment'");
        page.waitUntil("document.getElementById('segment-id').options.length > 0");
        page.evaluate("document.getElementById('segment-id').value = 'rule:carts'");
        page.evaluate("document.getElementById('segment-go').click()");
        page.waitUntil("document.getElementById('segment-members').textContent.includes('hana')");

        page.screenshot(Path.of("target/dashboard-segment.png"), 1200);
        assertThat(page.consoleErrors()).isEmpty();
        assertThat(page.uncaughtExceptions()).isEmpty();
      }
    }
  }
}
