package io.tessera.cli;

import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.server.TesseraServer;
import io.tessera.server.hook.Deliverer;
import io.tessera.server.live.LiveEngine;
import io.tessera.text.Language;
import io.tessera.text.Lexicons;
import io.tessera.text.TextOptions;
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
   * The live engine's options: the base currency, the personal-data rule, the configuration's day
   * (its time zone), so that live profiles and live lifetime value count purchase days as the batch
   * run over the same configuration does, and the sentiment lexicons the batch run would use
   * ({@code text.lexicon_en} / {@code text.lexicon_ko}, else {@code TESSERA_LEXICON_EN} / {@code
   * TESSERA_LEXICON_KO}).
   */
  static LiveEngine.Options engine(
      io.tessera.store.TesseraConfig config, String currency, Map<String, String> env) {
    TextOptions text;
    try {
      text =
          config == null
              ? TextOptions.defaults()
              : TextOptions.of(
                  config.raw() == null ? null : config.raw().path("text"), config.baseDir());
    } catch (IllegalArgumentException e) {
      throw new io.tessera.config.ConfigException("text", e.getMessage(), e);
    }
    LiveEngine.Options o =
        LiveEngine.Options.defaults()
            .withBaseCurrency(currency)
            .withPrivacy(privacy(config, env))
            .withLexicons(Lexicons.load(text.lexiconEn(), text.lexiconKo(), env));
    return config == null ? o : o.withSettings(config.profileSettings());
  }

  /**
   * One line per sentiment lexicon the environment does not name ({@link Lexicons}): event texts in
   * that language get no lexicon score, and no sentiment until a run's classifier is loaded.
   */
  static List<String> lexiconNotes(Lexicons l, boolean classifier) {
    List<String> notes = new java.util.ArrayList<>();
    for (Language lang : l.missing(List.of(Language.EN, Language.KO))) {
      notes.add(
          String.format(
              "event texts: no %s lexicon (%s): %s; to add it, %s",
              lang == Language.EN ? "English" : "Korean",
              Lexicons.name(lang),
              classifier
                  ? "no lexicon score beside the loaded classifier's"
                  : "no sentiment until a run's classifier is loaded",
              Lexicons.supply(lang)));
    }
    return notes;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    io.tessera.store.TesseraConfig settings =
        config == null ? null : io.tessera.store.TesseraConfig.load(config);
    LiveEngine.Options engineOptions = engine(settings, currency, System.getenv());
    TesseraServer.Options options =
        TesseraServer.Options.defaults(store)
            .withHost(host)
            .withPort(port)
            .withRates(apiRate, collectRate)
            .withEngine(engineOptions)
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
    for (String line :
        lexiconNotes(engineOptions.lexicons(), server.engine().scoresTextWithClassifier())) {
      out.println("  " + line);
    }
    out.flush();
    stopped.await();
    return 0;
  }
}
