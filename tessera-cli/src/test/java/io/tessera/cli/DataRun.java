package io.tessera.cli;

import io.tessera.privacy.Pseudonymizer;
import io.tessera.report.Lang;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code tessera run --data DIR --out OUT} in process, as the command line runs it, with a fixed
 * pseudonym key: its exit code and what it printed.
 */
record DataRun(int exitCode, String printed) {
  static DataRun of(Path data, Path out, Lang lang) throws IOException {
    StringWriter text = new StringWriter();
    int rc =
        RunCommand.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of(Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(text),
            false,
            List.of("tessera", "run"),
            Map.of(),
            lang);
    return new DataRun(rc, text.toString());
  }
}
