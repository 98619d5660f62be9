package io.tessera.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.pipeline.churn.ChurnModels;
import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.identity.IdentityStage;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.pipeline.ingest.StoreTables;
import io.tessera.pipeline.outputs.CustomerOutputs;
import io.tessera.pipeline.outputs.CustomerTable;
import io.tessera.pipeline.outputs.HeapWatch;
import io.tessera.pipeline.outputs.Manifest;
import io.tessera.pipeline.outputs.Skipped;
import io.tessera.pipeline.recommend.RecommendStage;
import io.tessera.pipeline.report.ReportStage;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.pipeline.text.TextStage;
import io.tessera.profile.ProfileTable;
import io.tessera.store.Ingestor;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import io.tessera.text.Lexicons;
import io.tessera.text.TextOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The batch run: ingest (or read a store's tables), identity resolution, RFM and lifetime value,
 * segmentation, churn and next purchase, then customers.csv, segments.json, models/, report.html
 * and manifest.json. {@code tessera run}, {@code tessera demo}, {@code tessera bench} and the
 * server's {@code POST /api/v1/runs} all run it through {@link #run}.
 */
public final class Pipeline {
  private Pipeline() {}

  /**
   * Checks the stages' settings before any data is read, so a typo costs seconds, not an ingest
   * ({@link RunSpec#of} does the same).
   *
   * @throws io.tessera.config.ConfigException naming the key and what to write instead
   */
  public static PipelineOptions validate(TesseraConfig config) {
    return PipelineOptions.of(config);
  }

  /**
   * Runs the pipeline and writes its outputs under {@code spec.out()}.
   *
   * @throws io.tessera.store.ConfigException for a problem with the config or the input (one line
   *     naming the file, key or field)
   */
  public static RunResult run(RunSpec spec) throws IOException {
    try (HeapWatch heap = HeapWatch.start()) {
      return run(spec, heap);
    }
  }

  private static RunResult run(RunSpec spec, HeapWatch heap) throws IOException {
    // the text stage's files are checked before any data is read, so a wrong path costs
    // seconds, not an ingest
    TextOptions text = spec.options().text();
    Lexicons lexicons = Lexicons.load(text.lexiconEn(), text.lexiconKo(), spec.env());
    if (text.labelled() != null && !Files.isRegularFile(text.labelled())) {
      throw new ConfigException(
          "text.labelled",
          text.labelled()
              + " is not a file; give the path of a labelled TSV file (a relative path is read"
              + " from tessera.yaml's folder)",
          null);
    }
    if (spec.tables() != null) {
      long t0 = System.nanoTime();
      Files.createDirectories(spec.out());
      Ingestor.Result described = StoreTables.describe(spec.tables());
      RunOutputs.writeHealth(described.health(), spec.out().resolve("data_health.json"));
      Map<String, Long> timings = new LinkedHashMap<>();
      timings.put("read_store", (System.nanoTime() - t0) / 1_000_000);
      return stages(spec, spec.tables(), described, timings, lexicons, heap);
    }
    Path storeFile = spec.resolvedStoreFile();
    IngestStage.Outcome outcome =
        IngestStage.run(
            spec.config(), spec.out(), storeFile, spec.env(), spec.progress(), spec.log());
    try (Store opened = Store.open(storeFile)) {
      return stages(spec, opened, outcome.result(), outcome.timingsMs(), lexicons, heap);
    }
  }

  private static RunResult stages(
      RunSpec spec,
      Store store,
      Ingestor.Result ingest,
      Map<String, Long> ingestTimings,
      Lexicons lexicons,
      HeapWatch heap)
      throws IOException {
    Map<String, Long> timings = new LinkedHashMap<>(ingestTimings);
    var sources = ingest.health().sources();
    RunResult result;
    AsOf.Decision asOf = null;
    if (sources.containsKey("orders")
        || sources.containsKey("events")
        || sources.containsKey("customers")) {
      asOf = AsOf.decision(spec.config(), store);
      result = customerStages(spec, store, ingest, timings, asOf.date(), lexicons);
    } else {
      result =
          new RunResult(
              spec.out(),
              null,
              ingest,
              CustomerTable.empty(),
              new RunModels(null, null, null, null, new ChurnModels(null, null, null)),
              List.of(),
              0,
              timings,
              null,
              null,
              null,
              null,
              List.of());
    }
    Manifest.write(
        spec.out().resolve("manifest.json"),
        spec.command(),
        spec.config(),
        asOf == null ? null : asOf.date(),
        asOf == null ? null : asOf.source().wire(),
        ingest.inputs(),
        spec.seeds(),
        result.timingsMs(),
        result.skipped(),
        heap.use());
    return result;
  }

  private static RunResult customerStages(
      RunSpec spec,
      Store store,
      Ingestor.Result ingest,
      Map<String, Long> timings,
      LocalDate asOf,
      Lexicons lexicons)
      throws IOException {
    TesseraConfig config = spec.config();
    PipelineOptions options = spec.options();
    Path out = spec.out();
    var sources = ingest.health().sources();
    List<Skipped> skipped = new ArrayList<>();
    Set<String> excluded = CustomerStage.excluded(store, out, config.defaultProfilingAllowed());
    IdentityStage.Outcome identity = identity(spec, store, ingest, excluded, timings);
    CustomerStage.Outcome customers = null;
    if (sources.containsKey("orders")) {
      long t1 = System.nanoTime();
      customers = CustomerStage.run(config, options.clvUnit(), store, out, excluded, asOf);
      timings.put("rfm_and_clv", (System.nanoTime() - t1) / 1_000_000);
    }
    TextStage.Outcome texts = texts(spec, lexicons, store, excluded, timings);
    SegmentStage.Outcome segments =
        SegmentStage.run(
            config, options.segmentation(), store, out, asOf, excluded, customers, texts);
    timings.putAll(segments.timingsMs());
    if (sources.containsKey("orders") || sources.containsKey("events")) {
      customers = placeEveryone(customers, asOf, segments, out, timings, skipped);
    } else {
      CustomerStage.writeSkipped(out, CustomerStage.NO_ACTIVITY);
      skipped.add(new Skipped("rfm", CustomerStage.NO_ACTIVITY));
      skipped.add(new Skipped("clv", CustomerStage.NO_ACTIVITY));
    }
    if (!segments.clustered()) {
      skipped.add(new Skipped("clustering", segments.skipped()));
    }
    // no later stage reads a profile: the churn stage takes the as-of day's (and lets them go once
    // its rows are built, before it folds the earlier cut-off days), the cut-off day's are let go
    // once the text stage has compared its churn model on them (at 1,000,000 customers these sets
    // of profiles filled the heap; issue 14)
    AtomicReference<ProfileTable> asOfProfiles = new AtomicReference<>(segments.profiles());
    segments = segments.withoutProfiles();
    ChurnStage.Outcome churn = churn(spec, store, asOf, excluded, asOfProfiles, timings, skipped);
    Written written =
        writeOutputs(
            spec, store, asOf, excluded, identity, ingest, customers, segments, churn, texts,
            timings, skipped);
    churn = written.churn();
    return new RunResult(
        out,
        asOf,
        ingest,
        written.table(),
        models(customers, segments, churn),
        skipped,
        excluded.size(),
        timings,
        written.report(),
        customers,
        segments,
        churn,
        written.recommend().recommendations());
  }

  /** What the run wrote after the churn stage. */
  private record Written(
      CustomerTable table,
      ChurnStage.Outcome churn,
      RecommendStage.Result recommend,
      Path report) {}

  /**
   * The text and recommendation outputs, customers.csv, segments.json and report.html (timed as
   * {@code outputs_and_report}, but for the text and recommend stages' own writing). The churn
   * outcome comes back without its time split's profiles, let go once the text stage has read them.
   */
  private static Written writeOutputs(
      RunSpec spec,
      Store store,
      LocalDate asOf,
      Set<String> excluded,
      IdentityStage.Outcome identity,
      Ingestor.Result ingest,
      CustomerStage.Outcome customers,
      SegmentStage.Outcome segments,
      ChurnStage.Outcome churn,
      TextStage.Outcome texts,
      Map<String, Long> timings,
      List<Skipped> skipped)
      throws IOException {
    TesseraConfig config = spec.config();
    Path out = spec.out();
    long t2 = System.nanoTime();
    long textsMs = timings.getOrDefault("texts", 0L);
    Map<String, ObjectNode> textSections =
        texts == null
            ? null
            : textOutputs(spec, store, asOf, excluded, segments, churn, texts, timings);
    churn = churn.withoutTimeSplit();
    CustomerTable table = CustomerTable.join(customers, segments, churn);
    RecommendStage.Result recommend =
        outputs(
            spec,
            store,
            asOf,
            excluded,
            table,
            customers,
            segments,
            textSections,
            timings,
            skipped);
    // the recommend and text stages' writing is timed under their own names, not counted twice
    t2 += recommend.nanos() + (timings.getOrDefault("texts", 0L) - textsMs) * 1_000_000;
    Path report =
        ReportStage.write(
            out,
            spec.lang(),
            config,
            asOf,
            identity.health(),
            ingest.inputs(),
            excluded.size(),
            customers,
            segments,
            churn.report(),
            recommend,
            texts,
            identity.section(),
            skipped);
    timings.put("outputs_and_report", (System.nanoTime() - t2) / 1_000_000);
    return new Written(table, churn, recommend, report);
  }

  /** The text stage's scoring (timed as {@code texts}); null when the run has no text. */
  private static TextStage.Outcome texts(
      RunSpec spec,
      Lexicons lexicons,
      Store store,
      Set<String> excluded,
      Map<String, Long> timings) {
    long t = System.nanoTime();
    TextStage.Outcome texts =
        TextStage.score(spec.options().text(), lexicons, store, excluded, spec.log());
    timings.put("texts", (System.nanoTime() - t) / 1_000_000);
    return texts;
  }

  /** Identity resolution over the store, before any stage reads a customer's records. */
  private static IdentityStage.Outcome identity(
      RunSpec spec,
      Store store,
      Ingestor.Result ingest,
      Set<String> excluded,
      Map<String, Long> timings)
      throws IOException {
    IdentityStage.Outcome identity =
        IdentityStage.run(
            spec.options().identity(),
            spec.config(),
            store,
            spec.out(),
            excluded,
            ingest.health(),
            spec.tables() != null);
    timings.put("identity", identity.millis());
    return identity;
  }

  /** The text stage's outputs (timed under {@code texts}) and its section of each segment. */
  private static Map<String, ObjectNode> textOutputs(
      RunSpec spec,
      Store store,
      LocalDate asOf,
      Set<String> excluded,
      SegmentStage.Outcome segments,
      ChurnStage.Outcome churn,
      TextStage.Outcome texts,
      Map<String, Long> timings)
      throws IOException {
    long tw = System.nanoTime();
    Map<String, ObjectNode> section =
        TextStage.write(
            texts, spec.out(), segments.segmentIds(), churn, spec.config(), store, excluded, asOf);
    timings.merge("texts", (System.nanoTime() - tw) / 1_000_000, Long::sum);
    return section;
  }

  /**
   * The recommendation outputs, then customers.csv and segments.json, written once with their
   * sections of each segment (the text stage's, null without texts, and the recommendations').
   */
  private static RecommendStage.Result outputs(
      RunSpec spec,
      Store store,
      LocalDate asOf,
      Set<String> excluded,
      CustomerTable table,
      CustomerStage.Outcome customers,
      SegmentStage.Outcome segments,
      Map<String, ObjectNode> textSections,
      Map<String, Long> timings,
      List<Skipped> skipped)
      throws IOException {
    TesseraConfig config = spec.config();
    Path out = spec.out();
    Map<String, Map<String, ObjectNode>> sections = new LinkedHashMap<>();
    if (textSections != null) {
      sections.put("text", textSections);
    }
    RecommendStage.Result recommend =
        RecommendStage.run(
            config,
            spec.options().recommend(),
            store,
            out,
            asOf,
            excluded,
            table,
            timings,
            skipped);
    sections.put("recommend", recommend.segmentSections());
    CustomerOutputs.write(out, table, customers, segments, skipped, sections);
    return recommend;
  }

  /** Churn and next purchase over the profiles the segmentation folded, handed over. */
  private static ChurnStage.Outcome churn(
      RunSpec spec,
      Store store,
      LocalDate asOf,
      Set<String> excluded,
      AtomicReference<ProfileTable> asOfProfiles,
      Map<String, Long> timings,
      List<Skipped> skipped)
      throws IOException {
    long tc = System.nanoTime();
    ChurnStage.Outcome churn =
        ChurnStage.runTaking(
            spec.config(),
            spec.options().churn(),
            spec.options().clvUnit(),
            store,
            spec.out(),
            asOf,
            excluded,
            asOfProfiles);
    timings.put("churn_and_next_purchase", (System.nanoTime() - tc) / 1_000_000);
    if (!churn.status().equals("fitted")) {
      skipped.add(new Skipped("churn", churn.status()));
    }
    return churn;
  }

  /** Places every customer in an RFM group, buyers by their scores, the others by their visits. */
  private static CustomerStage.Outcome placeEveryone(
      CustomerStage.Outcome buyers,
      LocalDate asOf,
      SegmentStage.Outcome segments,
      Path out,
      Map<String, Long> timings,
      List<Skipped> skipped)
      throws IOException {
    long t1 = System.nanoTime();
    TreeSet<String> everyone = new TreeSet<>(segments.ids());
    if (buyers != null) {
      everyone.addAll(buyers.ids());
    }
    CustomerStage.Outcome placed =
        CustomerStage.place(buyers, asOf, List.copyOf(everyone), segments.profiles(), out);
    timings.merge("rfm_and_clv", (System.nanoTime() - t1) / 1_000_000, Long::sum);
    if (!placed.clv().equals("fitted")) {
      skipped.add(new Skipped("clv", placed.clv()));
    }
    return placed;
  }

  private static RunModels models(
      CustomerStage.Outcome customers, SegmentStage.Outcome segments, ChurnStage.Outcome churn) {
    return new RunModels(
        customers == null ? null : customers.rfmModel(),
        customers == null ? null : customers.clvModel(),
        segments.clustering(),
        segments.model(),
        churn == null ? new ChurnModels(null, null, null) : churn.models());
  }
}
