package io.tessera.pipeline.outputs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.store.Ingestor;
import io.tessera.store.RunOutputs;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * manifest.json: what a run read (path, rows, sha256), with which settings, versions, timings and
 * heap.
 */
public final class Manifest {
  public static final int FORMAT_VERSION = 1;

  private Manifest() {}

  /** Tessera's version from the jar manifest, or "dev" when run from classes. */
  public static String version() {
    String v = Manifest.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Writes manifest.json.
   *
   * @param asOf the run's decided as-of date, or null when it had none
   * @param asOfSource where it came from ({@code AsOf.Source}'s wire name), or null
   */
  public static void write(
      Path file,
      List<String> command,
      TesseraConfig config,
      LocalDate asOf,
      String asOfSource,
      Map<String, Ingestor.Input> inputs,
      Map<String, Object> seeds,
      Map<String, Long> timingsMs,
      List<Skipped> skipped,
      HeapWatch.Use memory)
      throws IOException {
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("created_at", Instant.now().toString());
    root.putPOJO("command", command);
    ObjectNode cfg = root.putObject("config");
    cfg.put("base_dir", config.baseDir().toString());
    // the run's as-of date as decided (AsOf), and where it came from: config, last_completed_order,
    // last_event or today; null when the run had no customers, orders or events to date
    cfg.put("as_of", asOf == null ? null : asOf.toString());
    cfg.put("as_of_source", asOfSource);
    cfg.put("currency", config.currency());
    cfg.put("timezone", config.timezone().getId());
    cfg.put("rates", config.rates() == null ? null : config.rates().toString());
    cfg.put("bots_max_events_per_minute", config.botMaxEventsPerMinute());
    cfg.put("pseudonymise", config.pseudonymise());
    ObjectNode in = root.putObject("inputs");
    inputs.forEach(
        (source, input) -> {
          ObjectNode n = in.putObject(source);
          n.put("path", input.location());
          n.put("rows", input.rows());
          n.put("sha256", input.sha256());
        });
    root.putPOJO("seeds", seeds);
    ObjectNode versions = root.putObject("versions");
    versions.put("tessera", version());
    versions.put("java", Runtime.version().toString());
    versions.put(
        "duckdb_jdbc", org.duckdb.DuckDBDriver.class.getPackage().getImplementationVersion());
    root.putPOJO("timings_ms", timingsMs);
    // the JVM's heap over the run (HeapWatch): what a large run needed, next to its limit
    ObjectNode mem = root.putObject("memory");
    mem.put("max_heap_mb", memory.maxHeapMb());
    mem.put("peak_heap_mb", memory.peakHeapMb());
    if (memory.peakAfterGcMb() < 0) {
      mem.putNull("peak_heap_after_gc_mb");
    } else {
      mem.put("peak_heap_after_gc_mb", memory.peakAfterGcMb());
    }
    mem.put("gc_count", memory.collections());
    mem.put("full_gc_count", memory.fullCollections());
    mem.put("gc_ms", memory.gcMillis());
    Skipped.write(root.putArray("skipped"), skipped);
    RunOutputs.JSON.writeValue(file.toFile(), root);
  }
}
