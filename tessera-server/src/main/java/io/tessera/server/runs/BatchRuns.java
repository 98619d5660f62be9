package io.tessera.server.runs;

import io.tessera.server.ApiException;
import io.tessera.server.live.LiveEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Background batch runs over the server's own store: one at a time, each in {@code <root>/<id>/}
 * with {@code data/} (the exported canonical tables) and {@code out/} (the run's outputs). A
 * finished run's {@code models/clustering.json} becomes the live clustering. The run states live in
 * memory: a restart forgets them (the folders and the loaded model stay).
 */
public final class BatchRuns implements AutoCloseable {
  /** The states of a run. */
  public enum Status {
    RUNNING,
    DONE,
    FAILED
  }

  /**
   * One run as the API shows it.
   *
   * @param id the run id
   * @param status running, done or failed
   * @param message why it failed, or what it loaded
   * @param startedAt when it was started
   * @param finishedAt when it ended, or null
   * @param out the output folder
   * @param files the output files relative to {@code out} (once ended)
   */
  public record Run(
      String id,
      Status status,
      String message,
      Instant startedAt,
      Instant finishedAt,
      Path out,
      List<String> files) {}

  private final Path root;
  private final LiveEngine engine;
  private final Clock clock;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("tessera-run").daemon(true).unstarted(r));
  private volatile BatchRunner runner;

  public BatchRuns(Path root, LiveEngine engine, Clock clock) {
    this.root = root;
    this.engine = engine;
    this.clock = clock;
  }

  /** Registers the batch pipeline ({@code tessera serve} does, with the CLI's run code). */
  public void register(BatchRunner r) {
    this.runner = r;
  }

  public boolean available() {
    return runner != null;
  }

  public Run get(String id) {
    return runs.get(id);
  }

  /**
   * Starts a run: exports the store's tables (on the engine's writer thread, so it sees every
   * acknowledged event) and runs the pipeline in the background.
   *
   * @throws ApiException 409 when no pipeline is registered or a run is still running
   */
  public synchronized Run start() {
    BatchRunner r = runner;
    if (r == null) {
      throw new ApiException(
          409,
          "runs_unavailable",
          "batch runs need the run pipeline, which `tessera serve` registers; this server was"
              + " started without it");
    }
    if (runs.values().stream().anyMatch(x -> x.status() == Status.RUNNING)) {
      throw new ApiException(409, "run_in_progress", "a batch run is still running; poll it");
    }
    Instant now = clock.instant();
    String id = "run-" + now.toEpochMilli() + "-" + counter.incrementAndGet();
    Path dir = root.resolve(id);
    Path data = dir.resolve("data");
    Path out = dir.resolve("out");
    Run running = new Run(id, Status.RUNNING, null, now, null, out, List.of());
    runs.put(id, running);
    executor.execute(() -> runs.put(id, execute(running, r, data, out)));
    return running;
  }

  private Run execute(Run run, BatchRunner r, Path data, Path out) {
    try {
      Files.createDirectories(data);
      Files.createDirectories(out);
      engine.exportTables(data).get();
      r.run(data, out);
      Path model = out.resolve("models/clustering.json");
      String message = "no clustering model was written; the live clustering is unchanged";
      if (Files.isRegularFile(model)) {
        int k = engine.useClustering(Files.readString(model)).get();
        message = "the live engine now uses this run's clustering (" + k + " clusters)";
      }
      return ended(run, Status.DONE, message, out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ended(run, Status.FAILED, "interrupted", out);
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

  private Run ended(Run run, Status status, String message, Path out) {
    return new Run(run.id(), status, message, run.startedAt(), clock.instant(), out, files(out));
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
    executor.shutdownNow();
  }
}
