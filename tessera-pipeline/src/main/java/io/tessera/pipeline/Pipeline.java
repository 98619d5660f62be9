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
import io.tessera.pipeline.recommend.RecommendSettings;
import io.tessera.pipeline.recommend.RecommendStage;
import io.tessera.pipeline.report.ReportStage;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.pipeline.text.TextStage;
import io.tessera.pipeline.work.Side;
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
import java.util.concurrent.Callable;
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
    Side<TextStage.Outcome> scoring = texts(spec, lexicons, store, excluded);
    CustomerStage.Outcome customers =
        sources.containsKey("orders") ? rfm(spec, scoring, store, excluded, asOf, timings) : null;
    var folded = scoring.beside(() -> SegmentStage.TimedFold.of(config, store, excluded, asOf));
    TextStage.Outcome texts = scoring.join();
    timings.put("texts", scoring.millis());
    SegmentStage.Outcome segments =
        SegmentStage.run(options.segmentation(), out, asOf, customers, texts, folded);
    // the fold's profiles are the segmentation outcome's now, handed to churn below and let go
    // there: this frame's reference held every customer's profile to the end of the run (about
    // 420 bytes a customer at churn's and the recommendations' peak; issue 14)
    folded = null;
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
    // no later stage reads a profile: churn takes the as-of day's (see #churn; at 1,000,000
    // customers the sets of profiles filled the heap, issue 14)
    AtomicReference<ProfileTable> asOfProfiles = new AtomicReference<>(segments.profiles());
    segments = segments.withoutProfiles();
    Recommending recommending =
        recommend(spec, store, ingest, asOf, excluded, customers, segments, asOfProfiles.get());
    ChurnStage.Outcome churn =
        recommending.beside(
            () -> churn(spec, store, asOf, excluded, asOfProfiles, timings, skipped));
    Written written =
        outputsAndReport(
            spec,
            store,
            ingest,
            identity,
            asOf,
            excluded,
            customers,
            segments,
            churn,
            texts,
            recommending,
            timings,
            skipped);
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

  /** RFM and lifetime value, beside the text stage's scoring (timed as {@code rfm_and_clv}). */
  private static CustomerStage.Outcome rfm(
      RunSpec spec,
      Side<TextStage.Outcome> scoring,
      Store store,
      Set<String> excluded,
      LocalDate asOf,
      Map<String, Long> timings)
      throws IOException {
    long t1 = System.nanoTime();
    CustomerStage.Outcome customers =
        scoring.beside(
            () ->
                CustomerStage.run(
                    spec.config(), spec.options().clvUnit(), store, spec.out(), excluded, asOf));
    timings.put("rfm_and_clv", (System.nanoTime() - t1) / 1_000_000);
    return customers;
  }

  /** What the run wrote after the churn stage. */
  private record Written(
      CustomerTable table,
      ChurnStage.Outcome churn,
      RecommendStage.Result recommend,
      Path report) {}

  /**
   * The text and recommendation outputs, customers.csv, segments.json and report.html, timed as
   * {@code outputs_and_report} without the text stage's writing and the wait for the
   * recommendations, which are timed under their own names. The churn outcome comes back without
   * its time split's profiles, let go once the text stage has read them.
   */
  private static Written outputsAndReport(
      RunSpec spec,
      Store store,
      Ingestor.Result ingest,
      IdentityStage.Outcome identity,
      LocalDate asOf,
      Set<String> excluded,
      CustomerStage.Outcome customers,
      SegmentStage.Outcome segments,
      ChurnStage.Outcome churn,
      TextStage.Outcome texts,
      Recommending recommending,
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
    recommending.joined().set(table);
    RecommendStage.Result recommend =
        outputs(
            spec, table, customers, segments, textSections, recommending.side(), timings, skipped);
    // the text stage's writing is timed under its own name, and the wait for the recommendations
    // is theirs, not counted twice
    t2 += recommending.side().waited() + (timings.getOrDefault("texts", 0L) - textsMs) * 1_000_000;
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
    // models/clustering.json is written once the maps are drawn (beside churn and the
    // recommendations, Clusters#fit); any wait left for it is this stage's
    segments.model();
    timings.put("outputs_and_report", (System.nanoTime() - t2) / 1_000_000);
    return new Written(table, churn, recommend, report);
  }

  /**
   * The text stage's scoring (timed as {@code texts}: the reading here and the scoring on its own
   * thread), its value null when the run has no text. It runs beside RFM and lifetime value and
   * then the profiles' fold: they share nothing but the store, which the texts' thread never reads,
   * and each leaves a core idle much of its time (the likelihood search, the classifier's and
   * topics' single-threaded steps); every fit is seeded, so the outputs do not depend on the
   * timing.
   */
  private static Side<TextStage.Outcome> texts(
      RunSpec spec, Lexicons lexicons, Store store, Set<String> excluded) {
    long t = System.nanoTime();
    TextStage.Texts read = TextStage.read(store, excluded);
    long readNanos = System.nanoTime() - t;
    Side<TextStage.Outcome> side =
        Side.start(
            "tessera-texts",
            () -> TextStage.score(spec.options().text(), lexicons, read, spec.log()));
    side.add(readNanos);
    return side;
  }

  /**
   * The recommendations, fitted on a thread of their own beside churn (their purchases read here
   * first) when the heap holds both, else after churn, purchases and all, when they are joined:
   * they read no churn figure, only customers, RFM groups and clusters, and churn's single-threaded
   * steps leave a core idle; all their fits are seeded, so the outputs are the same either way. The
   * heap holds both when the fit's estimate (by the order lines ingested, at least the lines it
   * reads, and the customers) and the churn stage's fit in half of it, the budget the churn stage
   * folds its cut-off days in (at 1,000,000 customers the fit beside churn's fold filled a 12 GB
   * heap; issue 14).
   *
   * @param profiles the as-of day's profiles (or null), which the churn stage's estimate counts
   */
  private static Recommending recommend(
      RunSpec spec,
      Store store,
      Ingestor.Result ingest,
      LocalDate asOf,
      Set<String> excluded,
      CustomerStage.Outcome customers,
      SegmentStage.Outcome segments,
      ProfileTable profiles) {
    RecommendSettings settings = spec.options().recommend();
    AtomicReference<CustomerTable> joined = new AtomicReference<>();
    var items = ingest.health().sources().get("order_items");
    long fit =
        RecommendStage.heapBytes(
            items == null ? 0 : items.rowsAccepted(),
            customers == null
                ? 0
                : customers.customers()
                    + (customers.visitors() == null ? 0 : customers.visitors().size()));
    long churn =
        ChurnStage.heapBytes(
            profiles == null ? 0 : profiles.size(),
            customers == null ? 0 : customers.customers(),
            spec.options().churn());
    if (fit + churn > Runtime.getRuntime().maxMemory() / 2) {
      return new Recommending(
          Side.onJoin(
              () ->
                  RecommendStage.fit(
                      settings,
                      spec.out(),
                      asOf,
                      RecommendStage.read(spec.config(), settings, store, asOf, excluded),
                      joined.get() != null
                          ? joined.get()
                          : CustomerTable.join(customers, segments, null))),
          joined);
    }
    RecommendStage.Input purchases =
        RecommendStage.read(spec.config(), settings, store, asOf, excluded);
    CustomerTable withoutChurn = CustomerTable.join(customers, segments, null);
    return new Recommending(
        Side.start(
            "tessera-recommend",
            () -> RecommendStage.fit(settings, spec.out(), asOf, purchases, withoutChurn)),
        joined);
  }

  /**
   * The recommendations' work and the run's customer table, set once it is joined: fitted after
   * churn, they read its customers, RFM groups and clusters (no churn figure) instead of joining a
   * table of their own beside it (a row per customer, twice, at 1,000,000 customers; issue 14).
   */
  private record Recommending(
      Side<RecommendStage.Fitted> side, AtomicReference<CustomerTable> joined) {
    /** The run thread's work while the recommendations are fitted ({@link Side#beside}). */
    <R> R beside(Callable<R> work) throws IOException {
      return side.beside(work);
    }
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
      CustomerTable table,
      CustomerStage.Outcome customers,
      SegmentStage.Outcome segments,
      Map<String, ObjectNode> textSections,
      Side<RecommendStage.Fitted> recommending,
      Map<String, Long> timings,
      List<Skipped> skipped)
      throws IOException {
    Path out = spec.out();
    Map<String, Map<String, ObjectNode>> sections = new LinkedHashMap<>();
    if (textSections != null) {
      sections.put("text", textSections);
    }
    RecommendStage.Result recommend = recommending.join().record(timings, skipped);
    sections.put("recommend", recommend.segmentSections());
    CustomerOutputs.write(out, table, customers, segments, skipped, sections);
    return recommend;
  }

  /**
   * Churn and next purchase over the profiles the segmentation folded, handed over: the churn stage
   * lets the as-of day's go once its rows are built, before it folds the earlier cut-off days, and
   * the cut-off day's are let go once the text stage has compared its churn model on them.
   */
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
