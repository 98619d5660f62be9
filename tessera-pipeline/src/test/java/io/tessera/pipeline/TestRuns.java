package io.tessera.pipeline;

import io.tessera.report.Lang;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A run as the tests start it: {@link Pipeline#run} with the settings spelled out. */
final class TestRuns {
  private TestRuns() {}

  /** Runs the pipeline; returns 0 (the pipeline throws on failure), as the CLI's exit code. */
  static int execute(
      TesseraConfig config,
      Path out,
      Path store,
      Map<String, String> env,
      PrintWriter log,
      boolean progress,
      List<String> command,
      Map<String, Object> seeds,
      Lang lang)
      throws IOException {
    Pipeline.run(
        RunSpec.of(config, out)
            .withStoreFile(store)
            .withEnv(env)
            .withLog(log)
            .withCommand(command)
            .withSeeds(seeds)
            .withLang(lang));
    return 0;
  }
}
