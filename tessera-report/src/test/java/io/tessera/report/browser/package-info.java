/**
 * A headless Chromium driven over the Chrome DevTools Protocol, for tests that open a page Tessera
 * writes or serves; shipped in this module's test-jar for the dashboard tests.
 */
package io.tessera.report.browser;
