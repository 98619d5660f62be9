package io.tessera.cli;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.TesseraConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera demo}: generate a synthetic shop, then run everything on it. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate a synthetic shop and run the whole pipeline on it.")
final class DemoCommand implements Callable<Integer> {
  /** Used only when TESSERA_PSEUDONYM_KEY is unset: the demo's data is synthetic. */
  static final String DEMO_KEY = "tessera-demo-key-not-for-real-data";

  @Spec CommandSpec spec;

  @Option(
      names = "--customers",
      defaultValue = "10000",
      description = "Number of customers (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--lang",
      defaultValue = "en",
      description = "Language of report.html: en or ko (default: ${DEFAULT-VALUE}).")
  String lang;

  @Override
  public Integer call() throws Exception {
    var w = spec.commandLine().getOut();
    Path data = out.resolve("data");
    w.printf("generating %,d customers into %s ...%n", customers, data);
    w.flush();
    SyntheticShop.write(
        GenerateCommand.flagValues(
            spec.commandLine(), () -> new GeneratorOptions(customers, 365, seed, 0.01, null)),
        data);
    Map<String, String> env = new HashMap<>(System.getenv());
    if (env.get(Pseudonymizer.KEY_ENV) == null) {
      env.put(Pseudonymizer.KEY_ENV, DEMO_KEY);
      w.println(
          "using the built-in demo pseudonymisation key (synthetic data); set "
              + Pseudonymizer.KEY_ENV
              + " for real data");
    }
    int rc =
        RunCommand.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            env,
            w,
            System.console() != null,
            List.of("tessera", "demo"),
            Map.of("generator", seed),
            RunCommand.parseLang(lang));
    w.printf(
        "%nDemo output is in %s (report.html, customers.csv, segments.json, models/,"
            + " data_health.json, quarantine/, manifest.json; the generated data and its truth/"
            + " are in %s)%nOpen the report: %s%n",
        out.toAbsolutePath(), data.toAbsolutePath(), out.resolve("report.html").toAbsolutePath());
    w.flush();
    return rc;
  }
}
