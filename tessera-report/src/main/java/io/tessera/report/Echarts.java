package io.tessera.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The ECharts library the report inlines, read once from the WebJar (see {@link HtmlReport}). */
final class Echarts {
  static final String SOURCE = load();

  private static String load() {
    ClassLoader loader = HtmlReport.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(HtmlReport.ECHARTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "ECharts is missing from the classpath ("
                + HtmlReport.ECHARTS_RESOURCE
                + "): the report needs the org.webjars:echarts:"
                + HtmlReport.ECHARTS_VERSION
                + " jar");
      }
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // an inlined script ends at the first "</script" and "<!--" changes how it is parsed; the
      // minified 5.5.0 has neither, and this guard keeps another version from breaking the page
      if (js.toLowerCase(Locale.ROOT).contains("</script") || js.contains("<!--")) {
        throw new IllegalStateException(
            HtmlReport.ECHARTS_RESOURCE + " contains </script> or <!--: cannot inline it safely");
      }
      return js;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
