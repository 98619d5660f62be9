package io.tessera.server.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.Json;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.score.CustomerScores;
import io.tessera.store.Db;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Background batch runs over the server's own store: one at a time, each in {@code <root>/<id>/}
 * with {@code data/} (the exported canonical tables) and {@code out/} (the run's outputs). A
 * finished run's {@code models/clustering.json} becomes the live clustering and its customers'
 * scores are loaded ({@link CustomerScores}). Every run's state is kept in the store ({@code
 * batch_runs}), so the list survives a restart; a run that was still running when the server
 * stopped is marked {@code interrupted} at the next start.
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
  private final Db db;
  private final CustomerScores scores;
  private final Clock clock;
  private final AtomicLong counter = new AtomicLong();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("tessera-run").daemon(true).unstarted(r));
  private volatile BatchRunner runner;
  private volatile boolean closed;

  /**
   * Opens the run log; runs left {@code running} by a server that stopped are marked interrupted.
   */
  public BatchRuns(Path root, LiveEngine engine, Db db, CustomerScores scores, Clock clock) {
    this.root = root;
    this.engine = engine;
    this.db = db;
    this.scores = scores;
    this.clock = clock;
    db.update(
        "CREATE TABLE IF NOT EXISTS batch_runs (id VARCHAR, status VARCHAR, message VARCHAR,"
            + " started_at TIMESTAMP, finished_at TIMESTAMP, out VARCHAR, files JSON, started_by"
            + " VARCHAR)");
    db.update(
        "UPDATE batch_runs SET status = ?, finished_at = ?, message = ? WHERE status = ?",
        Status.INTERRUPTED.wireName(),
        now(),
        "interrupted: the server stopped before this run ended (finished_at is when the next"
            + " start noticed); its outputs may be partial and nothing of it was loaded. Start a"
            + " new run with POST /api/v1/runs",
        Status.RUNNING.wireName());
  }

  /** Registers the batch pipeline ({@code tessera serve} does, with the CLI's run code). */
  public void register(BatchRunner r) {
    this.runner = r;
  }

  public boolean available() {
    return runner != null;
  }

  /** A run by id, or null. */
  public Run get(String id) {
    return db.query(SELECT + " WHERE id = ?", BatchRuns::run, id).stream().findFirst().orElse(null);
  }

  /** The latest runs, newest first. */
  public List<Run> latest(int limit) {
    return db.query(SELECT + " ORDER BY started_at DESC, id DESC LIMIT ?", BatchRuns::run, limit);
  }

  private static final String SELECT =
      "SELECT id, status, message, started_at, finished_at, out, files, started_by FROM"
          + " batch_runs";

  private static Run run(java.sql.ResultSet r) throws java.sql.SQLException {
    List<String> files;
    try {
      files = r.getString(7) == null ? List.of() : Json.MAPPER.readValue(r.getString(7), STRINGS);
    } catch (IOException e) {
      files = List.of();
    }
    return new Run(
        r.getString(1),
        Status.valueOf(r.getString(2).toUpperCase(Locale.ROOT)),
        r.getString(3),
        Db.instant(r, 4),
        Db.instant(r, 5),
        Path.of(r.getString(6)),
        files,
        r.getString(8));
  }

  /** Starts a run on behalf of nobody in particular (see {@link #start(String)}). */
  public Run start() {
    return start(null);
  }

  /**
   * Starts a run: exports the store's tables (on the engine's writer thread, so it sees every
   * acknowledged event) and runs the pipeline in the background.
   *
   * @param startedBy the API key id that asked for it (kept with the run), or null
   * @throws ApiException 409 when no pipeline is registered or a run is still running
   */
  public synchronized Run start(String startedBy) {
    BatchRunner r = runner;
    if (r == null) {
      throw new ApiException(
          409,
          "runs_unavailable",
          "batch runs need the run pipeline, which `tessera serve` registers; this server was"
              + " started without it");
    }
    List<String> running =
        db.query(
            "SELECT id FROM batch_runs WHERE status = ?",
            x -> x.getString(1),
            Status.RUNNING.wireName());
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
    Path data = dir.resolve("data");
    Path out = dir.resolve("out");
    Run started = new Run(id, Status.RUNNING, null, now, null, out, List.of(), startedBy);
    db.update(
        "INSERT INTO batch_runs VALUES (?, ?, NULL, ?, NULL, ?, '[]', ?)",
        id,
        Status.RUNNING.wireName(),
        now,
        out.toAbsolutePath().toString(),
        startedBy);
    executor.execute(() -> finish(execute(started, r, data, out)));
    return started;
  }

  private Run execute(Run run, BatchRunner r, Path data, Path out) {
    try {
      Files.createDirectories(data);
      Files.createDirectories(out);
      engine.exportTables(data).get();
      r.run(data, out);
      List<String> loaded = new ArrayList<>();
      Path model = out.resolve("models/clustering.json");
      String json = Files.isRegularFile(model) ? Files.readString(model) : null;
      String skipped = json == null ? null : skippedReason(json);
      if (skipped != null) {
        loaded.add(
            "clustering was skipped in this run ("
                + skipped
                + "); the live clustering is unchanged");
      } else if (json != null) {
        int k = engine.useClustering(json).get();
        loaded.add("the live engine now uses this run's clustering (" + k + " clusters)");
      } else {
        loaded.add("no clustering model was written; the live clustering is unchanged");
      }
      if (Files.isRegularFile(out.resolve("customers.csv"))) {
        long n = scores.load(run.id(), out);
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

  /** The reason a run wrote for skipping clustering ({@code status: skipped}), else null. */
  private static String skippedReason(String model) throws IOException {
    var root = Json.MAPPER.readTree(model);
    return "skipped".equals(root.path("status").asText()) ? root.path("reason").asText() : null;
  }

  private void finish(Run run) {
    if (closed) {
      // the store is closing or closed: the next start marks the run interrupted
      return;
    }
    try {
      db.update(
          "UPDATE batch_runs SET status = ?, message = ?, finished_at = ?, files = ? WHERE id = ?",
          run.status().wireName(),
          run.message(),
          run.finishedAt(),
          Json.MAPPER.writeValueAsString(run.files()),
          run.id());
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

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}
