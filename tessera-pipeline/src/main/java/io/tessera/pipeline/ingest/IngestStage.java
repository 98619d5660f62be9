package io.tessera.pipeline.ingest;

import io.tessera.identity.Unmerge;
import io.tessera.ingest.IngestSettings;
import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.ConfigException;
import io.tessera.store.IdentityTables;
import io.tessera.store.Ingestor;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The ingest stage of a run: store, data_health.json, quarantine/ and the manifest. */
public final class IngestStage {
  private IngestStage() {}

  /**
   * The pseudonymisation key: the config's, else the environment's, else the key file next to the
   * store (made on the first run: {@link PseudonymKeyFile}).
   */
  public static Pseudonymizer pseudonymizer(
      TesseraConfig config, Map<String, String> env, Path storeFile, PrintWriter console) {
    if (!config.pseudonymise()) {
      return null;
    }
    String key =
        config.pseudonymKey() != null ? config.pseudonymKey() : env.get(Pseudonymizer.KEY_ENV);
    if (key == null || key.isBlank()) {
      key = PseudonymKeyFile.readOrCreate(PseudonymKeyFile.of(storeFile), console);
    }
    try {
      return new Pseudonymizer(key);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The personal-data rule of a run or a server: the config's allowlists, contact details
   * pseudonymised with the key (or kept as they are when pseudonymisation is switched off).
   */
  public static PersonalData personalData(TesseraConfig config, Pseudonymizer masker) {
    return config.pseudonymise()
        ? PersonalData.of(config.keepTraits(), config.keepProperties(), masker)
        : PersonalData.allowlistOnly(config.keepTraits(), config.keepProperties());
  }

  public record Outcome(Ingestor.Result result, Path store, Map<String, Long> timingsMs) {}

  public static Outcome run(
      TesseraConfig config,
      Path out,
      Path storeFile,
      Map<String, String> env,
      Ingestor.Progress progress,
      PrintWriter err)
      throws IOException {
    Map<String, Long> timings = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Pseudonymizer masker = pseudonymizer(config, env, storeFile, err);
    IngestSettings settings =
        new IngestSettings(
            config.timezone(),
            Instant.now(),
            config.currency(),
            readRates(config),
            masker,
            config.botMaxEventsPerMinute(),
            personalData(config, masker));
    Files.createDirectories(out);
    // the recorded identity un-merges outlive the store's records: a new ingest keeps them
    List<Unmerge> unmerges = List.of();
    if (Files.isRegularFile(storeFile)) {
      try (Store old = Store.open(storeFile)) {
        unmerges = IdentityTables.unmerges(old);
      }
    }
    Files.deleteIfExists(storeFile);
    Files.deleteIfExists(Path.of(storeFile + ".wal"));
    Ingestor.Result result;
    try (Store store = Store.open(storeFile)) {
      for (Unmerge u : unmerges) {
        IdentityTables.record(store, u);
      }
      result = Ingestor.ingest(config, store, settings, progress);
      timings.put("ingest", (System.nanoTime() - t0) / 1_000_000);
      long t1 = System.nanoTime();
      RunOutputs.writeHealth(result.health(), out.resolve("data_health.json"));
      RunOutputs.writeQuarantine(
          store, result.health().sources().keySet(), out.resolve("quarantine"));
      timings.put("write_health", (System.nanoTime() - t1) / 1_000_000);
    }
    return new Outcome(result, storeFile, timings);
  }

  /** The rates file: columns currency, rate (units of the base currency per unit). */
  public static Map<String, Double> readRates(TesseraConfig config) {
    if (config.rates() == null) {
      return Map.of();
    }
    Path file = config.rates();
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "rates: " + file + " does not exist; give a CSV with columns currency,rate");
    }
    Map<String, Double> rates = new TreeMap<>();
    try {
      var lines = Files.readAllLines(file);
      if (lines.isEmpty() || !lines.get(0).strip().equalsIgnoreCase("currency,rate")) {
        throw new ConfigException(file + ": the first line must be the header currency,rate");
      }
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split(",");
        try {
          if (f.length != 2 || !f[0].strip().matches("[A-Za-z]{3}")) {
            throw new NumberFormatException();
          }
          double rate = Double.parseDouble(f[1].strip());
          if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new NumberFormatException();
          }
          rates.put(f[0].strip().toUpperCase(java.util.Locale.ROOT), rate);
        } catch (NumberFormatException e) {
          throw new ConfigException(
              file
                  + " line "
                  + (i + 1)
                  + ": expected a currency code and a positive rate, e.g. EUR,1.08; got '"
                  + line
                  + "'");
        }
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read the rates file " + file + ": " + e.getMessage());
    }
    return rates;
  }

  public static Set<String> sourcesOf(Ingestor.Result r) {
    return r.health().sources().keySet();
  }
}
