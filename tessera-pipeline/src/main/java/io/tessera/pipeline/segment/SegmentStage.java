package io.tessera.pipeline.segment;

import io.tessera.contract.Customer;
import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureSelection;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import io.tessera.pipeline.columns.TextLists;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.ProfileTable;
import io.tessera.reason.Reasons;
import io.tessera.segment.ClusteringReport;
import io.tessera.segment.Segment;
import io.tessera.segment.cluster.ClusterModel;
import io.tessera.segment.cluster.ClusteringOptions;
import io.tessera.segment.cluster.Map2D;
import io.tessera.segment.profile.SegmentDescriber;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.store.ConfigException;
import io.tessera.store.CsvOutput;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The segmentation stage of a run: folds every consenting customer's records into a profile, builds
 * the feature matrix the config names, fits the transform and the clustering, describes each
 * cluster (name, traits, stage, actions) and each member's reasons, and writes
 * models/clustering.json.
 */
public final class SegmentStage {
  private SegmentStage() {}

  /**
   * What the stage found.
   *
   * @param ids the customers segmented, ascending
   * @param labels each customer's segment index into {@code segments}
   * @param segments the cluster segments
   * @param reasons each customer's reasons
   * @param clustering the fitted clustering (k selection, map)
   * @param timingsMs the stage's own timings
   * @param profiles the profiles folded as of the run's as-of date (the churn stage reuses them)
   * @param skipped why the customers were not clustered (then {@code labels} and {@code clustering}
   *     are null and {@code segments} and {@code reasons} empty), else null
   * @param written models/clustering.json as written (what the live engine loads): when the
   *     customers were clustered, written once the maps are drawn (see {@link Clusters#fit}), on
   *     the maps' thread; {@link #model()} waits for it
   */
  public record Outcome(
      List<String> ids,
      int[] labels,
      List<Segment> segments,
      List<String> reasons,
      Clusters.Fit clustering,
      Map<String, Long> timingsMs,
      ProfileTable profiles,
      String skipped,
      CompletableFuture<ClusteringReport> written) {
    /**
     * models/clustering.json as written; waits until it is (its maps drawn).
     *
     * @throws UncheckedIOException when it could not be written
     */
    public ClusteringReport model() {
      try {
        return written.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }

    /** An outcome of customers not clustered, and the clustering.json that says why. */
    static Outcome skipped(
        List<String> ids,
        Map<String, Long> timingsMs,
        ProfileTable profiles,
        String reason,
        ClusteringReport written) {
      return new Outcome(
          ids,
          null,
          List.of(),
          List.of(),
          null,
          timingsMs,
          profiles,
          reason,
          CompletableFuture.completedFuture(written));
    }

    /** Whether the customers were clustered (else {@link #skipped} says why). */
    public boolean clustered() {
      return skipped == null;
    }

    /**
     * The {@code cluster_probability} cell of row {@code i}: the posterior probability of the
     * customer's own cluster under a Gaussian mixture, empty for the other algorithms.
     */
    public String probability(int i) {
      var model = clustering.model();
      return model.hasMemberships()
          ? SegmentStage.probability(model.membership(i)[model.label(i)])
          : "";
    }

    /** Each clustered customer's cluster segment id; empty when not clustered. */
    public Map<String, String> segmentIds() {
      Map<String, String> out = new HashMap<>();
      if (clustered()) {
        for (int i = 0; i < ids.size(); i++) {
          out.put(ids.get(i), segments.get(labels[i]).id());
        }
      }
      return out;
    }

    /**
     * This outcome without {@link #profiles} (null): once the churn stage has read them, a run lets
     * them go, the largest thing it held (issue 14).
     */
    public Outcome withoutProfiles() {
      return new Outcome(
          ids, labels, segments, reasons, clustering, timingsMs, null, skipped, written);
    }

    public Map<String, Integer> rowOf() {
      Map<String, Integer> out = new HashMap<>(ids.size() * 2);
      for (int i = 0; i < ids.size(); i++) {
        out.put(ids.get(i), i);
      }
      return out;
    }
  }

  public static Outcome run(
      TesseraConfig config,
      SegmentSettings settings,
      Store store,
      Path out,
      LocalDate asOf,
      Set<String> noConsent,
      CustomerStage.Outcome rfm,
      io.tessera.pipeline.text.TextStage.Outcome texts)
      throws IOException {
    return run(settings, out, asOf, rfm, texts, TimedFold.of(config, store, noConsent, asOf));
  }

  /**
   * The profiles {@link #fold folded} and the time the fold took (the run folds them beside the
   * text stage's scoring, which they do not need: the texts' fields are added in {@link
   * #run(SegmentSettings, Path, LocalDate, CustomerStage.Outcome,
   * io.tessera.pipeline.text.TextStage.Outcome, TimedFold)}).
   */
  public record TimedFold(Folded folded, long nanos) {
    public static TimedFold of(
        TesseraConfig config, Store store, Set<String> noConsent, LocalDate asOf) {
      long t = System.nanoTime();
      Folded folded = fold(config, store, noConsent, asOf);
      return new TimedFold(folded, System.nanoTime() - t);
    }
  }

  /**
   * {@link #run(TesseraConfig, SegmentSettings, Store, Path, LocalDate, Set, CustomerStage.Outcome,
   * io.tessera.pipeline.text.TextStage.Outcome)} on profiles folded already: the fold's time and
   * the adding of the text fields are timed as {@code profiles}.
   */
  public static Outcome run(
      SegmentSettings settings,
      Path out,
      LocalDate asOf,
      CustomerStage.Outcome rfm,
      io.tessera.pipeline.text.TextStage.Outcome texts,
      TimedFold fold)
      throws IOException {
    Map<String, Long> timings = new LinkedHashMap<>();
    long t0 = System.nanoTime() - fold.nanos();
    Folded folded = fold.folded();
    ProfileTable profiles = folded.profiles();
    List<Customer> customers = folded.customers();
    if (texts != null) {
      texts.addTo(profiles);
    }
    timings.put("profiles", millis(t0));

    long t1 = System.nanoTime();
    Features features =
        features(
            settings.features(), profiles, customers, asOf, fewestSegments(settings.clustering()));
    FeatureMatrix raw = features.raw();
    FeatureSelection.Selection selection = features.selection();
    List<String> ids = raw.ids().stream().map(io.tessera.contract.CustomerId::value).toList();
    String nothingToCluster = nothingToCluster(raw, settings.clustering());
    if (nothingToCluster != null) {
      timings.put("features", millis(t1));
      ClusteringReport skipped =
          write(out, ClusteringReport.skipped(nothingToCluster, raw.rows(), raw.names()));
      return Outcome.skipped(ids, timings, profiles, nothingToCluster, skipped);
    }
    FeatureTransform.Fitted fitted =
        FeatureTransform.fit(
            raw, selection == null ? TransformOptions.CLUSTERING : selection.options());
    FeatureMatrix scaled = fitted.matrix();
    timings.put("features", millis(t1));
    if (allAlike(scaled)) {
      String reason =
          "after winsorising at the 1st/99th percentile, all "
              + raw.rows()
              + " customers have the same "
              + String.join(", ", raw.names())
              + " (fewer than 1% differ), so there is no behaviour to cluster";
      ClusteringReport skipped =
          write(out, ClusteringReport.skipped(reason, raw.rows(), raw.names()));
      return Outcome.skipped(ids, timings, profiles, reason, skipped);
    }

    long t2 = System.nanoTime();
    Clusters.Fit fit = Clusters.fit(scaled, settings.clustering(), settings.map());
    timings.put("clustering", millis(t2));
    String benchMatrix = System.getProperty(BENCH_MATRIX);
    if (benchMatrix != null) {
      writeBenchMatrix(Path.of(benchMatrix), scaled, fit.model().labels());
    }

    long t3 = System.nanoTime();
    SegmentDescriber.Described described =
        describe(fit, raw, scaled, new Folded(profiles, customers), asOf, ids, rfm);
    timings.put("describe", millis(t3));
    if (fit.model().hasMemberships()) {
      writeProbabilities(out.resolve(PROBABILITIES), ids, fit);
    }
    CompletableFuture<ClusteringReport> model =
        writeWhenDrawn(out, fit, report(fit, fitted.transform(), described, raw, selection));
    return new Outcome(
        ids,
        fit.segmentIndex(),
        described.segments(),
        // each customer's reasons as codes into the texts they share (a string per customer was
        // about 200 bytes of the heap to the end of the run; issue 14), read as described.reasons()
        TextLists.of(described.reasonLists()).joined(Reasons.SEPARATOR),
        fit,
        timings,
        profiles,
        null,
        model);
  }

  /** The profiles as of the end of the as-of date, and the customers-file rows. */
  public record Folded(ProfileTable profiles, List<Customer> customers) {}

  /**
   * The stage's first step, timed as {@code profiles} (StageBench times it alone): every consenting
   * customer's profile as of the end of {@code asOf}, and the customers-file rows.
   */
  public static Folded fold(
      TesseraConfig config, Store store, Set<String> noConsent, LocalDate asOf) {
    ProfileSettings settings = config.profileSettings();
    StoreRecords records = new StoreRecords(store, noConsent);
    ProfileFold.Options options =
        ProfileFold.Options.defaults()
            .withSettings(settings)
            .withUntil(asOf.plusDays(1).atStartOfDay(config.timezone()).toInstant());
    // the events, most of the records, are read in one share per thread, each on its own
    // connection: reading them on one thread was most of this stage's time
    List<Stream<io.tessera.contract.Event>> events =
        records.profileEventParts(null, options.threads());
    // the order lines come joined to their order's customer and time, so the fold holds no map of
    // every order's owner (about 130 bytes an order: 1.3 GB at 10 M orders)
    try (Stream<io.tessera.contract.Order> orders = records.orders();
        Stream<ProfileFold.OwnedItem> items = records.ownedItems();
        Stream<io.tessera.contract.Interaction> interactions = records.interactions();
        Stream<io.tessera.contract.Review> reviews = records.reviews();
        Stream<Customer> rows = records.customers()) {
      ProfileTable profiles =
          ProfileFold.fold(
              new ProfileFold.Inputs(orders, null, null, interactions, reviews, events, items),
              options);
      return new Folded(profiles, rows.toList());
    } finally {
      events.forEach(Stream::close);
    }
  }

  /** The raw features clustered on, and what the orders-only rule chose (null when given). */
  private record Features(FeatureMatrix raw, FeatureSelection.Selection selection) {}

  private static Features features(
      List<String> featureNames,
      ProfileTable profiles,
      List<Customer> customers,
      LocalDate asOf,
      int fewestSegments) {
    boolean defaults = featureNames == null;
    FeatureMatrix raw;
    FeatureSelection.Selection selection = null;
    try {
      raw =
          FeatureMatrix.build(
              profiles,
              customers,
              defaults ? FeatureMatrix.defaultFeatures(profiles, asOf) : featureNames,
              asOf);
      // selection needs rows to measure on; with too few to cluster the stage is skipped anyway
      if (defaults && raw.rows() > fewestSegments && FeatureMatrix.ordersOnly(profiles, asOf)) {
        selection = FeatureSelection.select(raw);
        raw = selection.matrix();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    return new Features(raw, selection);
  }

  /** Names and describes the clusters on the clustered and the description features. */
  private static SegmentDescriber.Described describe(
      Clusters.Fit fit,
      FeatureMatrix raw,
      FeatureMatrix scaled,
      Folded folded,
      LocalDate asOf,
      List<String> ids,
      CustomerStage.Outcome rfm) {
    ProfileTable profiles = folded.profiles();
    List<Customer> customers = folded.customers();
    int n = raw.rows();
    Map<String, Integer> rfmRow = new HashMap<>();
    if (rfm != null) {
      for (int i = 0; i < rfm.ids().size(); i++) {
        rfmRow.put(rfm.ids().get(i), i);
      }
    }
    double[] revenue = new double[n];
    RfmGroup[] groups = new RfmGroup[n];
    for (int i = 0; i < n; i++) {
      Integer r = rfmRow.get(ids.get(i));
      if (r != null) {
        revenue[i] = rfm.monetary()[r];
        groups[i] = rfm.scores()[r].group();
      }
    }
    // Segments are described on the clustered features plus the description features, so a name
    // can say "cart-abandoning" even when carts were not clustered on.
    List<String> describedBy = new ArrayList<>(raw.names());
    for (String f : FeatureMatrix.DESCRIPTION_FEATURES) {
      if (!describedBy.contains(f)) {
        describedBy.add(f);
      }
    }
    FeatureMatrix describeRaw =
        describedBy.size() == raw.names().size()
            ? raw
            : FeatureMatrix.build(profiles, customers, describedBy, asOf);
    FeatureMatrix describeScaled =
        describeRaw == raw
            ? scaled
            : FeatureTransform.fit(describeRaw, TransformOptions.DEFAULT).matrix();
    return SegmentDescriber.describe(
        new SegmentDescriber.Input(
            Segment.Kind.CLUSTER,
            fit.segmentIds(),
            fit.segmentIndex(),
            fit.fixedNames(),
            describeRaw,
            describeScaled,
            revenue,
            groups));
  }

  /**
   * The fewest segments the options ask for: a fixed k, else k_min (the density methods find their
   * own number but still need two groups to call anything a segment).
   */
  private static int fewestSegments(ClusteringOptions options) {
    return options.algorithm().isDensity() ? 2 : options.k() > 0 ? options.k() : options.kMin();
  }

  /**
   * Why these customers cannot be clustered, or null when they can: fewer customers than the fewest
   * segments asked for plus one, or every customer with the same values of the clustered features
   * (a customers file without orders or events gives everyone the same recency, frequency and
   * monetary value), so any split would be arbitrary and its quality indices undefined.
   */
  public static String nothingToCluster(FeatureMatrix raw, ClusteringOptions options) {
    int fewest = fewestSegments(options);
    if (raw.rows() <= fewest) {
      return "only "
          + raw.rows()
          + " customer(s) to segment after consent; clustering into "
          + fewest
          + " or more segments needs at least "
          + (fewest + 1)
          + " (the RFM groups are still given)";
    }
    if (!allAlike(raw)) {
      return null;
    }
    return "all "
        + raw.rows()
        + " customers have the same "
        + String.join(", ", raw.names())
        + ", so there is no behaviour to cluster (a customers file without orders or events"
        + " gives everyone the same values); to segment on the customers file's own columns,"
        + " list them under features: as attribute:<column>";
  }

  /** Whether every row has the same values (NaN, no value, equal to NaN). */
  private static boolean allAlike(FeatureMatrix m) {
    int p = m.names().size();
    for (int j = 0; j < p; j++) {
      double[] v = m.column(j);
      for (int i = 1; i < v.length; i++) {
        if (Double.compare(v[i], v[0]) != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * models/clustering.json, written when the fit's maps are drawn, on their thread: the stages
   * after this one do not wait for them.
   */
  private static CompletableFuture<ClusteringReport> writeWhenDrawn(
      Path out, Clusters.Fit fit, Function<Map2D[], ClusteringReport> content) {
    return fit.maps()
        .thenApply(
            drawn -> {
              try {
                return write(out, content.apply(drawn));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * models/clustering.json, from the one writer of its shape. Written whole or not at all (a file
   * beside it, then renamed): the maps' thread may still be writing when a later stage's failure
   * ends the run, and a reader must never find half a file.
   */
  private static ClusteringReport write(Path out, ClusteringReport model) throws IOException {
    Files.createDirectories(out.resolve("models"));
    Path file = out.resolve(ClusteringReport.FILE);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, model.toJson());
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return model;
  }

  /**
   * models/clustering.json's content but the maps, which it takes when they are drawn: holds only
   * what the file needs (not the feature matrix, which a large run lets go meanwhile).
   */
  private static Function<Map2D[], ClusteringReport> report(
      Clusters.Fit fit,
      FeatureTransform transform,
      SegmentDescriber.Described described,
      FeatureMatrix raw,
      FeatureSelection.Selection selection) {
    ClusterModel model = fit.model();
    int rows = raw.rows();
    List<String> names = raw.names();
    ClusteringReport.Selection chosen =
        selection == null
            ? null
            : new ClusteringReport.Selection(FeatureSelection.RULE, selection.decisions());
    List<ClusteringReport.SegmentEntry> entries =
        described.segments().stream()
            .map(s -> new ClusteringReport.SegmentEntry(s.id(), s.size(), s.name()))
            .toList();
    return drawn ->
        new ClusteringReport(
            model, drawn[0], drawn[1], rows, names, transform, chosen, entries, null);
  }

  /**
   * A JVM property naming a file to write the clustered (transformed) matrix and the labels to, for
   * scripts/bench/compare_sklearn.py; not an output of a run.
   */
  public static final String BENCH_MATRIX = "tessera.bench.matrix";

  private static void writeBenchMatrix(Path file, FeatureMatrix scaled, int[] labels)
      throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try (var w = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
      w.write(String.join(",", scaled.names()) + ",label\n");
      double[][] rows = scaled.toRowMajor();
      for (int i = 0; i < rows.length; i++) {
        StringBuilder line = new StringBuilder();
        for (double v : rows[i]) {
          line.append(v).append(',');
        }
        w.write(line.append(labels[i]).append('\n').toString());
      }
    }
  }

  /** The side file of a Gaussian mixture's soft memberships. */
  public static final String PROBABILITIES = "cluster_probabilities.csv";

  /**
   * Writes each customer's posterior probability of every cluster: {@code customer_id} and one
   * column per cluster segment id ({@code cluster:0}, ...), to 6 decimal places (so a row sums to 1
   * within 5e-6 per cluster).
   */
  private static void writeProbabilities(Path file, List<String> ids, Clusters.Fit fit)
      throws IOException {
    var model = fit.model();
    List<String> header = new ArrayList<>();
    header.add("customer_id");
    for (int c = 0; c < model.k(); c++) {
      header.add(fit.segmentIds().get(c));
    }
    // ids come from the user's data: quoted and formula-safe like customers.csv
    try (CsvOutput w = CsvOutput.open(file, header)) {
      for (int i = 0; i < ids.size(); i++) {
        w.text(ids.get(i));
        for (double p : model.membership(i)) {
          w.number(probability(p));
        }
        w.endRow();
      }
    }
  }

  /** A probability to 6 decimal places, no trailing zeros (a posterior may be 1e-200). */
  public static String probability(double p) {
    return java.math.BigDecimal.valueOf(p)
        .setScale(6, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
