package io.tessera.pipeline;

import io.tessera.report.Lang;
import io.tessera.store.Ingestor;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch run is to do. Make one with {@link #of} and the {@code with...} methods.
 *
 * @param config the run's settings (sources, as-of date, zone, currency)
 * @param options the stages' options, parsed from {@code config} once when the spec is made ({@link
 *     #of}), before any data is read
 * @param out the folder for the run's outputs
 * @param storeFile the DuckDB file the sources are ingested into (replaced by the run); null for
 *     {@code out/tessera.duckdb}. Unused with {@code tables}.
 * @param tables a store whose canonical tables the run reads as they are (no ingest: the server's
 *     own store, read in a transaction the caller holds), or null to ingest the config's sources
 * @param env the environment (the pseudonymisation key {@code TESSERA_PSEUDONYM_KEY})
 * @param log where the run says what it did on its way (e.g. that it made a key file)
 * @param progress receives rows read per source while ingesting
 * @param command the command that started the run, for manifest.json
 * @param seeds the random seeds of the data generator, for manifest.json
 * @param lang the language of report.html
 */
public record RunSpec(
    TesseraConfig config,
    PipelineOptions options,
    Path out,
    Path storeFile,
    Store tables,
    Map<String, String> env,
    PrintWriter log,
    Ingestor.Progress progress,
    List<String> command,
    Map<String, Object> seeds,
    Lang lang) {
  public RunSpec {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(out, "out");
    env = Map.copyOf(env);
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(progress, "progress");
    command = List.copyOf(command);
    seeds = Map.copyOf(seeds);
    Objects.requireNonNull(lang, "lang");
  }

  /** A run of {@code config} into {@code out}: ingest, no environment, silent, English report. */
  public static RunSpec of(TesseraConfig config, Path out) {
    return new RunSpec(
        config,
        PipelineOptions.of(config),
        out,
        null,
        null,
        Map.of(),
        new PrintWriter(Writer.nullWriter()),
        Ingestor.Progress.NONE,
        List.of("tessera", "run"),
        Map.of(),
        Lang.EN);
  }

  /** The store file to ingest into (null: {@code out/tessera.duckdb}). */
  public RunSpec withStoreFile(Path file) {
    return new RunSpec(
        config, options, out, file, tables, env, log, progress, command, seeds, lang);
  }

  /** Reads the canonical tables of {@code store} instead of ingesting the config's sources. */
  public RunSpec withTables(Store store) {
    return new RunSpec(
        config, options, out, storeFile, store, env, log, progress, command, seeds, lang);
  }

  public RunSpec withEnv(Map<String, String> environment) {
    return new RunSpec(
        config, options, out, storeFile, tables, environment, log, progress, command, seeds, lang);
  }

  public RunSpec withLog(PrintWriter writer) {
    return new RunSpec(
        config, options, out, storeFile, tables, env, writer, progress, command, seeds, lang);
  }

  public RunSpec withProgress(Ingestor.Progress p) {
    return new RunSpec(config, options, out, storeFile, tables, env, log, p, command, seeds, lang);
  }

  public RunSpec withCommand(List<String> words) {
    return new RunSpec(
        config, options, out, storeFile, tables, env, log, progress, words, seeds, lang);
  }

  public RunSpec withSeeds(Map<String, Object> s) {
    return new RunSpec(
        config, options, out, storeFile, tables, env, log, progress, command, s, lang);
  }

  public RunSpec withLang(Lang l) {
    return new RunSpec(
        config, options, out, storeFile, tables, env, log, progress, command, seeds, l);
  }

  /** The store file the sources are ingested into. */
  public Path resolvedStoreFile() {
    return storeFile != null ? storeFile : out.resolve("tessera.duckdb");
  }
}
