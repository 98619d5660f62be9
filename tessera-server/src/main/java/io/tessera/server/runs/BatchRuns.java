package io.tessera.server.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunResult;
import io.tessera.pipeline.RunSpec;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.Json;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.score.CustomerScores;
import io.tessera.store.BatchQueries;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import io.tessera.store.live.RunTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Background batch runs over the server's own store: one at a time, in process ({@link
 * Pipeline#run}) over the store's canonical tables, read in one transaction of a second connection
 * (a snapshot: the live engine goes on writing), with the outputs in {@code <root>/<id>/out/}. A
 * finished run's clustering becomes the live clustering and its customers' scores and models are
 * loaded ({@link CustomerScores}), all from the run's {@link RunResult}: no table is exported and
 * no output file is read back. Every run's state is kept in the store ({@code batch_runs}), so the
 * list survives a restart; a run that was still running when the server stopped is marked {@code
 * interrupted} at the next start.
 */
public final class BatchRuns implements AutoCloseable {
  /** The states of a run. */
  public enum Status {
    RUNNING,
    DONE,
    FAILED,
    /** The server stopped while the run was running. */
    INTERRUPTED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One run as the API shows it.
   *
   * @param id the run id
   * @param status running, done, failed or interrupted
   * @param message why it failed, or what it loaded
   * @param startedAt when it was started
   * @param finishedAt when it ended, or null
   * @param out the output folder
   * @param files the output files relative to {@code out} (once ended)
   * @param startedBy the id of the API key that started it, or null
   */
  public record Run(
      String id,
      Status status,
      String message,
      Instant startedAt,
      Instant finishedAt,
      Path out,
      List<String> files,
      String startedBy) {}

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Path root;
  private final LiveEngine engine;
  private final RunTables runs;
  private final CustomerScores scores;
  private final Clock clock;
  private final AtomicLong counter = new AtomicLong();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("tessera-run").daemon(true).unstarted(r));
  private final Store store;
  private volatile java.util.function.Consumer<RunResult> listener = r -> {};
  private volatile boolean closed;

  /**
   * Opens the run log; runs left {@code running} by a server that stopped are marked interrupted.
   */
  public BatchRuns(
      Path root, Store store, LiveEngine engine, Db db, CustomerScores scores, Clock clock) {
    this.root = root;
    this.store = store;
    this.engine = engine;
    this.scores = scores;
    this.clock = clock;
    this.runs = new RunTables(db);
    runs.markAll(
        Status.RUNNING.wireName(),
        Status.INTERRUPTED.wireName(),
        now(),
        "interrupted: the server stopped before this run ended (finished_at is when the next"
            + " start noticed); its outputs may be partial and nothing of it was loaded. Start a"
            + " new run with POST /api/v1/runs");
  }

  /**
   * Calls {@code l} with each run's result once its outputs are written and before its clustering,
   * scores and models are loaded (which take them from the result, not from the files).
   */
  public void onPipelineDone(java.util.function.Consumer<RunResult> l) {
    this.listener = l;
  }

  /** Whether runs can be started: always, the pipeline runs in process. */
  public boolean available() {
    return true;
  }

  /** A run by id, or null. */
  public Run get(String id) {
    RunTables.StoredRun r = runs.get(id);
    return r == null ? null : run(r);
  }

  /** The latest runs, newest first. */
  public List<Run> latest(int limit) {
    return runs.latest(limit).stream().map(BatchRuns::run).toList();
  }

  private static Run run(RunTables.StoredRun r) {
    List<String> files;
    try {
      files = r.filesJson() == null ? List.of() : Json.MAPPER.readValue(r.filesJson(), STRINGS);
    } catch (IOException e) {
      files = List.of();
    }
    return new Run(
        r.id(),
        Status.valueOf(r.status().toUpperCase(Locale.ROOT)),
        r.message(),
        r.startedAt(),
        r.finishedAt(),
        Path.of(r.out()),
        files,
        r.startedBy());
  }

  /** Starts a run on behalf of nobody in particular (see {@link #start(String)}). */
  public Run start() {
    return start(null);
  }

  /**
   * Starts a run in the background over a snapshot of the store's tables.
   *
   * @param startedBy the API key id that asked for it (kept with the run), or null
   * @throws ApiException 409 when a run is still running
   */
  public synchronized Run start(String startedBy) {
    List<String> running = runs.ids(Status.RUNNING.wireName());
    if (!running.isEmpty()) {
      throw new ApiException(
          409,
          "run_in_progress",
          "batch run "
              + running.get(0)
              + " is still running; poll GET /api/v1/runs/"
              + running.get(0));
    }
    Instant now = now();
    String id = "run-" + now.toEpochMilli() + "-" + counter.incrementAndGet();
    Path dir = root.resolve(id);
    Path out = dir.resolve("out");
    Run started = new Run(id, Status.RUNNING, null, now, null, out, List.of(), startedBy);
    runs.started(id, Status.RUNNING.wireName(), now, out.toAbsolutePath().toString(), startedBy);
    executor.execute(() -> finish(execute(started, out)));
    return started;
  }

  private Run execute(Run run, Path out) {
    try {
      Files.createDirectories(out);
      RunResult result = runPipeline(out);
      listener.accept(result);
      List<String> loaded = new ArrayList<>();
      var segmentation = result.segmentation();
      if (segmentation == null) {
        loaded.add("no clustering model was fitted; the live clustering is unchanged");
      } else if (!segmentation.clustered()) {
        loaded.add(
            "clustering was skipped in this run ("
                + segmentation.skipped()
                + "); the live clustering is unchanged");
      } else {
        String model = result.models().clusteringModel().toJson();
        int k = engine.useClustering(model).get();
        loaded.add("the live engine now uses this run's clustering (" + k + " clusters)");
      }
      loaded.add(useTextClassifier(out));
      if (segmentation != null) {
        long n = scores.load(run.id(), result);
        loaded.add("the scores of " + n + " customers are loaded");
      }
      return ended(run, Status.DONE, String.join("; ", loaded), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ended(run, Status.INTERRUPTED, "interrupted: the server stopped", out);
    } catch (Exception e) {
      Throwable cause =
          e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
              ? e.getCause()
              : e;
      String why =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      return ended(run, Status.FAILED, why, out);
    }
  }

  /**
   * Makes the run's text classifier ({@code models/text.json} {@code methods.classifier.model}) the
   * live scorer of event texts; says what happened.
   */
  private String useTextClassifier(Path out)
      throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
    Path file = out.resolve("models/text.json");
    if (!Files.exists(file)) {
      return "no text was scored; event texts are scored as before";
    }
    com.fasterxml.jackson.databind.JsonNode model =
        Json.MAPPER.readTree(file.toFile()).path("methods").path("classifier").path("model");
    if (!model.isObject()) {
      return "no text classifier was trained; event texts are scored as before";
    }
    int n = engine.useTextClassifier(model.toString()).get();
    return "the live engine now scores event texts with this run's classifier ("
        + n
        + " labelled texts)";
  }

  /**
   * Runs the pipeline over the store's tables in one read transaction of a second connection, its
   * console kept in {@code out/run.log}. The contact details in the store are pseudonyms already,
   * so the run pseudonymises nothing.
   */
  private RunResult runPipeline(Path out) throws IOException {
    TesseraConfig defaults = TesseraConfig.forDataDir(out);
    TesseraConfig config =
        new TesseraConfig(
            defaults.baseDir(),
            defaults.asOf(),
            defaults.currency(),
            defaults.timezone(),
            defaults.rates(),
            defaults.botMaxEventsPerMinute(),
            false,
            null,
            defaults.sources(),
            defaults.raw());
    // the run's DuckDB work gets the worker threads the live engine's store runs without
    Store.Parallel threads = store.parallel();
    try {
      // the snapshot holds every event acknowledged before the run started
      engine.awaitStored();
      try (Store reader = store.newConnection();
          java.io.PrintWriter log =
              new java.io.PrintWriter(Files.newBufferedWriter(out.resolve("run.log")), true)) {
        BatchQueries.beginSnapshot(reader);
        try {
          RunResult result =
              Pipeline.run(
                  RunSpec.of(config, out)
                      .withTables(reader)
                      .withLog(log)
                      // the server's own lexicons (its config has no text: block)
                      .withEnv(lexiconVariables(System.getenv()))
                      .withCommand(List.of("tessera", "serve", "POST /api/v1/runs")));
          log.printf("customers.csv: %,d customers%n", result.customers().size());
          result.skipped().forEach(x -> log.printf("skipped %s: %s%n", x.stage(), x.reason()));
          return result;
        } finally {
          BatchQueries.endSnapshot(reader);
        }
      }
    } finally {
      threads.close();
    }
  }

  /** The sentiment lexicons' variables of {@code env} ({@link io.tessera.text.Lexicons}). */
  static java.util.Map<String, String> lexiconVariables(java.util.Map<String, String> env) {
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    for (String k : List.of(io.tessera.text.Lexicons.ENV_EN, io.tessera.text.Lexicons.ENV_KO)) {
      if (env.get(k) != null) {
        m.put(k, env.get(k));
      }
    }
    return m;
  }

  private void finish(Run run) {
    if (closed) {
      // the store is closing or closed: the next start marks the run interrupted
      return;
    }
    try {
      runs.ended(
          run.id(),
          run.status().wireName(),
          run.message(),
          run.finishedAt(),
          Json.MAPPER.writeValueAsString(run.files()));
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "tessera serve: could not record the end of batch run " + run.id() + ": " + e);
    }
  }

  private Run ended(Run run, Status status, String message, Path out) {
    return new Run(
        run.id(), status, message, run.startedAt(), now(), out, files(out), run.startedBy());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static List<String> files(Path out) {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(Files::isRegularFile)
          .map(p -> out.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Stops taking runs, interrupts the one in progress and waits for it to stop, so that nothing
   * writes into its folder or the store once the server is closed (a test's temporary folder was
   * deleted under a run still writing).
   */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    try {
      // a run that does not stop within the wait is left to the JVM's exit
      executor.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long closing waits for a run in progress to stop. */
  private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(60);
}
