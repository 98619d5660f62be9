package io.tessera.cli;

import io.tessera.generate.GenerationSummary;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.OrdersShop;
import io.tessera.generate.SyntheticShop;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera generate}: a synthetic shop with planted personas, faults and truth/. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write a synthetic e-commerce shop (all contract files, tessera.yaml, truth/).")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--customers", required = true, description = "Number of customers.")
  int customers;

  @Option(
      names = "--days",
      defaultValue = "365",
      description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fault-rate",
      defaultValue = "0.01",
      description = "Share of rows with an injected fault (default: ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(
      names = "--end-date",
      description = "Last day of the history (default: " + "2026-06-30" + ").")
  LocalDate endDate;

  @Option(
      names = "--identity-rate",
      defaultValue = "0",
      description =
          "Share of customers given a planted second identity (second account, new browser with"
              + " a second email, new device), written to truth/identities.csv (default:"
              + " ${DEFAULT-VALUE}: the shop's bytes as without planting).")
  double identityRate;

  @Option(
      names = "--trap-rate",
      defaultValue = "0",
      description =
          "Identity traps per customer: family tablets, households, a shared test email, a"
              + " call-centre phone, typo look-alikes (default: ${DEFAULT-VALUE}).")
  double trapRate;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--shop",
      defaultValue = "full",
      description =
          "full (every contract file, seven personas) or orders (orders and order_items only,"
              + " five other overlapping customer types, no faults: the second generator)"
              + " (default: ${DEFAULT-VALUE}).")
  String shop;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    var w = spec.commandLine().getOut();
    if (shop.equals("orders")) {
      OrdersShop.Options options =
          flagValues(
              spec.commandLine(), () -> new OrdersShop.Options(customers, days, seed, endDate));
      long orders = OrdersShop.write(options, out);
      w.printf(
          "generated %,d customers (%,d orders) in %.1f s into %s%n",
          customers, orders, (System.nanoTime() - t0) / 1e9, out.toAbsolutePath());
      w.flush();
      return 0;
    }
    if (!shop.equals("full")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--shop must be full or orders, got '" + shop + "'");
    }
    GeneratorOptions options =
        flagValues(
            spec.commandLine(),
            () ->
                new GeneratorOptions(
                    customers, days, seed, faultRate, endDate, identityRate, trapRate));
    GenerationSummary s = SyntheticShop.write(options, out);
    w.printf(
        "generated %,d customers in %.1f s into %s%n",
        customers, (System.nanoTime() - t0) / 1e9, out.toAbsolutePath());
    s.rowsBySource().forEach((f, n) -> w.printf("  %-13s %,12d rows%n", f, n));
    w.flush();
    return 0;
  }

  /**
   * Options made from flag values: a value the options refuse (IllegalArgumentException) is a usage
   * problem (exit code 2, one line), not a bug.
   */
  static <T> T flagValues(picocli.CommandLine cl, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(cl, e.getMessage());
    }
  }
}
