package io.tessera.cli;

import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.server.TesseraServer;
import io.tessera.server.hook.Deliverer;
import io.tessera.server.live.LiveEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera serve}: the live engine, its API, the collect endpoint and the dashboard. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the live engine: Segment-compatible collect API, live profiles and segments,"
            + " webhooks, REST API (/openapi.json) and dashboard.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--store",
      defaultValue = "tessera.duckdb",
      description = "The DuckDB store file (default: ${DEFAULT-VALUE}).")
  Path store;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--config",
      description =
          "A tessera.yaml whose privacy keys (keep_traits, keep_properties, pseudonymise,"
              + " pseudonym_key) and webhooks.allow_hosts the server applies.")
  Path config;

  @Option(
      names = "--currency",
      defaultValue = "USD",
      description = "Base currency of order amounts (default: ${DEFAULT-VALUE}).")
  String currency;

  @Option(
      names = "--collect-rate",
      defaultValue = "5000",
      description = "Collect requests per second per write key (default: ${DEFAULT-VALUE}).")
  double collectRate;

  @Option(
      names = "--api-rate",
      defaultValue = "50",
      description = "API requests per second per key (default: ${DEFAULT-VALUE}).")
  double apiRate;

  @Option(
      names = "--clustering-model",
      description =
          "A run's models/clustering.json to use as the live clustering at start (a later"
              + " POST /api/v1/runs replaces it; the last one used is kept in the store).")
  Path clusteringModel;

  /**
   * The server's personal-data rule: the config's allowlists (else the defaults) and the key of the
   * config, else of {@code TESSERA_PSEUDONYM_KEY}; with neither, the server keeps a key of its own
   * in the store (see TesseraServer).
   */
  static PersonalData privacy(io.tessera.store.TesseraConfig config, Map<String, String> env) {
    if (config != null && !config.pseudonymise()) {
      return PersonalData.allowlistOnly(config.keepTraits(), config.keepProperties());
    }
    String key = config == null ? null : config.pseudonymKey();
    if (key == null) {
      key = env.get(Pseudonymizer.KEY_ENV);
    }
    Pseudonymizer p;
    try {
      p = key == null || key.isBlank() ? null : new Pseudonymizer(key);
    } catch (IllegalArgumentException e) {
      throw new io.tessera.store.ConfigException(e.getMessage());
    }
    return config == null
        ? PersonalData.of(null, null, p)
        : PersonalData.of(config.keepTraits(), config.keepProperties(), p);
  }

  /**
   * The live engine's options: the base currency, the personal-data rule, and the configuration's
   * day (its time zone), so that live profiles and live lifetime value count purchase days as the
   * batch run over the same configuration does.
   */
  static LiveEngine.Options engine(
      io.tessera.store.TesseraConfig config, String currency, Map<String, String> env) {
    LiveEngine.Options o =
        LiveEngine.Options.defaults().withBaseCurrency(currency).withPrivacy(privacy(config, env));
    return config == null ? o : o.withSettings(config.profileSettings());
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    io.tessera.store.TesseraConfig settings =
        config == null ? null : io.tessera.store.TesseraConfig.load(config);
    TesseraServer.Options options =
        TesseraServer.Options.defaults(store)
            .withHost(host)
            .withPort(port)
            .withRates(apiRate, collectRate)
            .withEngine(engine(settings, currency, System.getenv()))
            .withWebhooks(
                Deliverer.Options.defaults()
                    .withAllowHosts(settings == null ? List.of() : settings.webhookAllowHosts()))
            .withKeys(System.getenv("TESSERA_ADMIN_KEY"), System.getenv("TESSERA_WRITE_KEY"));
    TesseraServer server = TesseraServer.start(options);
    if (clusteringModel != null) {
      try {
        server.engine().useClustering(java.nio.file.Files.readString(clusteringModel)).get();
      } catch (java.io.IOException | IllegalArgumentException e) {
        server.close();
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--clustering-model " + clusteringModel + ": " + e.getMessage());
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    out.printf(
        "tessera serve: listening on http://%s:%d (store %s, %,d customers, %,d events)%n",
        host,
        server.port(),
        store.toAbsolutePath(),
        server.engine().customerCount(),
        server.engine().eventCount());
    for (String k : server.createdKeys()) {
      out.println("  new " + k + "   (shown once; keep it)");
    }
    out.println("  dashboard: http://" + host + ":" + server.port() + "/dashboard/");
    out.println("  API: http://" + host + ":" + server.port() + "/openapi.json; stop with Ctrl-C");
    out.flush();
    stopped.await();
    return 0;
  }
}
