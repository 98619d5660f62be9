package io.tessera.pipeline.churn;

import static io.tessera.predict.churn.ChurnReport.fingerprint;
import static io.tessera.predict.churn.ChurnReport.round;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Order;
import io.tessera.pipeline.columns.DoubleColumn;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnFeatures;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.predict.churn.ChurnReport;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.SavedChurn;
import io.tessera.predict.churn.TabularEncoder;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.predict.clv.Backtest;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.predict.next.NextPurchase;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import io.tessera.store.BatchQueries;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The churn and next-purchase stage of a run: trains and validates a churn classifier (from a
 * customers-file label column, or from a time split of the orders), scores every customer with a
 * calibrated probability and its top three reasons, estimates the probability of buying in the next
 * 30 days (BG/NBD or a classifier, whichever validates better on a time split) with five bands,
 * and, when the data extends past the as-of date, backtests against what happened. Writes {@code
 * models/churn.json}.
 */
public final class ChurnStage {
  private ChurnStage() {}

  public static final int NEXT_PURCHASE_DAYS = NextPurchase.DEFAULT_DAYS;
  public static final int TOP_REASONS = 3;

  /** The saved churn model, under {@code models/}. */
  public static final String CHURN_MODEL_FILE = "churn_model.json";

  /** The saved next-purchase classifier, under {@code models/}, when it is the chosen source. */
  public static final String NEXT_PURCHASE_MODEL_FILE = "next_purchase_model.json";

  /**
   * What the stage produced, per customer id (customers without a score are absent).
   *
   * @param status {@code fitted}, or why churn was not fitted
   * @param model the kept model's id, or null
   * @param rocAuc its cross-validated ROC-AUC, or NaN
   * @param churnProbability calibrated churn probability
   * @param reasons the top factors, e.g. {@code Contract=Month-to-month (+0.412)}
   * @param pBuy30d probability of buying in the next 30 days
   * @param band the band id of pBuy30d, e.g. {@code very_likely}
   * @param nextPurchaseSource {@code bgnbd} or {@code classifier}, or null
   * @param models the fitted models (null fields where none was fitted)
   * @param report models/churn.json as written (the report's churn and backtest sections)
   * @param timeSplit what the time split trained on, or null (no time split was trained)
   */
  public record Outcome(
      String status,
      String model,
      double rocAuc,
      Map<String, Double> churnProbability,
      Map<String, List<String>> reasons,
      Map<String, Double> pBuy30d,
      Map<String, String> band,
      String nextPurchaseSource,
      ChurnModels models,
      ChurnReport report,
      ChurnTimeSplit timeSplit) {
    /**
     * This outcome without {@link #timeSplit}: once the text stage has compared its churn model, a
     * run lets the cut-off day's profiles go (a full set of profiles; issue 14).
     */
    public Outcome withoutTimeSplit() {
      return timeSplit == null
          ? this
          : new Outcome(
              status,
              model,
              rocAuc,
              churnProbability,
              reasons,
              pBuy30d,
              band,
              nextPurchaseSource,
              models,
              report,
              null);
    }
  }

  /**
   * Runs the stage, reusing the profiles the segmentation stage folded as of {@code asOf} (same
   * records, consent exclusions, zone and session gap), so the store is read for the earlier
   * cut-offs only.
   *
   * @param settings the {@code churn:} block, parsed before any data was read
   * @param clvUnit the {@code clv.time_unit} the backtest's BG/NBD counts in
   * @param asOf the run's as-of date ({@code io.tessera.pipeline.AsOf}, decided once per run)
   * @param excludedCustomerIds customers not to profile or score (no consent)
   * @param foldedAsOf profiles as of {@code asOf}, or null to fold them here
   */
  public static Outcome run(
      TesseraConfig config,
      ChurnSettings settings,
      TransactionSummary.TimeUnit clvUnit,
      Store store,
      Path out,
      LocalDate asOf,
      Set<String> excludedCustomerIds,
      ProfileTable foldedAsOf)
      throws IOException {
    return runTaking(
        config,
        settings,
        clvUnit,
        store,
        out,
        asOf,
        excludedCustomerIds,
        new AtomicReference<>(foldedAsOf));
  }

  /**
   * About the most heap the stage holds while it folds its cut-off days, in bytes ({@link
   * CutoffProfiles#heapBytes}: above the training sample the cut-off days hold the sample's
   * profiles). The run fits other work beside the stage only when that work and this fit in half
   * the heap (issue 14). {@code profiles}: the as-of day's; {@code buyers}: with a completed order.
   */
  public static long heapBytes(int profiles, long buyers, ChurnSettings settings) {
    return CutoffProfiles.heapBytes(profiles, buyers, settings.trainingSample());
  }

  /**
   * Runs the stage on profiles handed over: it takes them out of {@code foldedAsOf}, leaving it
   * empty, and lets them go once their model rows are built, so that a caller that holds them
   * nowhere else does not keep them in the heap while the earlier cut-offs are folded (at 1,000,000
   * customers a full set of profiles is more than a gigabyte; issue 14).
   *
   * @param foldedAsOf profiles as of {@code asOf}, or empty to fold them here
   */
  public static Outcome runTaking(
      TesseraConfig config,
      ChurnSettings settings,
      TransactionSummary.TimeUnit clvUnit,
      Store store,
      Path out,
      LocalDate asOf,
      Set<String> excludedCustomerIds,
      AtomicReference<ProfileTable> foldedAsOf)
      throws IOException {
    ChurnStage.Run run =
        new ChurnStage.Run(config, store, out, asOf, excludedCustomerIds, settings, clvUnit);
    run.foldedAsOf = foldedAsOf;
    return run.compute();
  }

  /** One run of the stage. */
  private static final class Run {
    final TesseraConfig config;
    final Store store;
    final Path out;
    final Set<String> excluded;
    final ChurnSettings settings;
    final TransactionSummary.TimeUnit clvUnit;
    final ZoneId zone;
    final ProfileFold.Options fold;
    final StoreRecords records;
    final LocalDate asOf;
    // models/churn.json's parts, set as the stage produces them
    ChurnReport.Label label;
    List<String> features;
    List<String> encodedFeatures;
    String savedModel;
    ChurnReport.Fit fit;
    ChurnReport.NextPurchase nextPurchase;
    ChurnReport.Backtest backtest;
    String inputFingerprint;
    // every scored customer's figures in columns (a tree map of boxed figures and lists of
    // strings per customer was a tenth of the run's heap at 1,000,000 customers; issue 14)
    ChurnScores scores = ChurnScores.NONE;
    Map<String, Double> buy = DoubleColumn.EMPTY;
    Map<String, String> bands = DoubleColumn.EMPTY.mapped(p -> "");
    List<Order> orders;
    List<Customer> customers;
    TrainingRecords training;
    AtomicReference<ProfileTable> foldedAsOf;
    CutoffProfiles cutoffs;
    String chosenModel;
    SavedChurn savedChurn;
    SavedChurn savedNextPurchase;
    BgNbd nextBgNbd;
    double trainingSeconds = Double.NaN;
    ChurnTimeSplit timeSplitInputs;
    boolean hasOrders;

    /** The next-purchase step running beside the churn model's scoring, or null. */
    FutureTask<String> nextPurchaseRun;

    /** The churn model kind {@link #nextPurchaseRun} fits. */
    String nextPurchaseModel;

    Run(
        TesseraConfig config,
        Store store,
        Path out,
        LocalDate asOf,
        Set<String> excluded,
        ChurnSettings settings,
        TransactionSummary.TimeUnit clvUnit) {
      this.config = config;
      this.store = store;
      this.out = out;
      this.asOf = java.util.Objects.requireNonNull(asOf, "asOf");
      this.excluded = Set.copyOf(excluded);
      this.settings = settings;
      this.clvUnit = clvUnit;
      this.zone = config.timezone();
      this.fold = ProfileFold.Options.defaults().withSettings(config.profileSettings());
      this.records = new StoreRecords(store, this.excluded);
    }

    Outcome compute() throws IOException {
      try {
        return computeAll();
      } finally {
        // a failure before the next-purchase step was awaited: let it stop before the caller goes
        // on (it reads the store and writes under models/)
        if (nextPurchaseRun != null) {
          // the stage's own failure is the one reported
          awaitQuietly(nextPurchaseRun);
        }
      }
    }

    /** Waits for a task to end, whatever its outcome. */
    private static void awaitQuietly(FutureTask<String> task) {
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // the caller does not use the outcome
      }
    }

    private Outcome computeAll() throws IOException {
      long t0 = System.nanoTime();
      Files.createDirectories(out.resolve("models"));
      if (!settings.enabled()) {
        ChurnReport disabled = ChurnReport.disabled();
        write(disabled);
        return outcome("disabled", null, Double.NaN, null, disabled);
      }
      hasOrders = BatchQueries.completedOrders(store) > 0;
      try (var rows = records.customers()) {
        customers = rows.toList();
      }
      training = TrainingRecords.read(records, customers, hasOrders, settings.trainingCap());
      orders = training.orders();
      cutoffs = cutoffs(hasOrders);
      String status;
      TrainedChurn trained = null;
      try {
        if (settings.labelColumn() != null) {
          trained = labelColumn();
        } else if (hasOrders) {
          trained = timeSplit();
        } else {
          throw new IllegalArgumentException(
              "no completed orders and no churn.label_column: there is no churn label to learn");
        }
        status = "fitted";
      } catch (IllegalArgumentException e) {
        status = "not fitted: " + e.getMessage();
      }
      if (trained != null) {
        chosenModel = trained.classifier().id();
        fit = ChurnJson.fit(trained, settings);
      }
      String nextSource = null;
      if (hasOrders) {
        nextSource = awaitNextPurchase(chosenModel);
        backtest(trained);
      } else {
        nextPurchase = ChurnReport.NextPurchase.skipped("skipped: no completed orders");
        backtest = ChurnReport.Backtest.skipped("skipped: no completed orders");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      ChurnReport report =
          new ChurnReport(
              status,
              asOf,
              label,
              features,
              encodedFeatures,
              savedModel,
              fit,
              nextPurchase,
              backtest,
              trained == null
                  ? new ChurnReport.Provenance(
                      inputFingerprint, null, null, null, null, round(seconds), null)
                  : ChurnJson.provenance(
                      inputFingerprint, settings, trainingSeconds, seconds, training.sample()));
      write(report);
      return outcome(
          status,
          chosenModel,
          trained == null ? Double.NaN : trained.evaluation().rocAuc(),
          nextSource,
          report);
    }

    /** The cut-offs' profiles: those the stage will ask for are read from the store at once. */
    private CutoffProfiles cutoffs(boolean hasOrders) {
      CutoffProfiles c = training.cutoffs(fold, zone, settings, asOf, records, customers);
      if (hasOrders) {
        // the label's cut-off (a time split) and the next-purchase window's cut-off: the
        // CutoffProfiles.CUTOFF_DAYS days besides the as-of day
        LocalDate testCut = asOf.minusDays(NEXT_PURCHASE_DAYS);
        c.plan(asOf, testCut);
        if (settings.labelColumn() == null) {
          LocalDate labelCut = ChurnLabels.endingAt(asOf, settings.horizonDays()).cutoff();
          c.plan(labelCut);
          // the time split hands these profiles on (ChurnTimeSplit) for the text stage
          c.keep(labelCut);
        }
      }
      // after planning: a planned day's rows are built at once and its profiles not kept
      ProfileTable given = foldedAsOf == null ? null : foldedAsOf.getAndSet(null);
      if (given != null) {
        c.put(asOf, given);
      }
      return c;
    }

    private Outcome outcome(
        String status, String model, double auc, String nextSource, ChurnReport report) {
      return new Outcome(
          status,
          model,
          auc,
          scores.churn(),
          scores.reasons(),
          buy,
          bands,
          nextSource,
          new ChurnModels(savedChurn, savedNextPurchase, nextBgNbd),
          report,
          timeSplitInputs);
    }

    /** Writes models/churn.json from the typed report (core's one definition of its shape). */
    private void write(ChurnReport report) throws IOException {
      Files.writeString(out.resolve("models").resolve("churn.json"), report.toJson());
    }

    // ---- label column ------------------------------------------------------------------------

    private TrainedChurn labelColumn() {
      LabelColumns columns = LabelColumns.of(customers, settings);
      String label = columns.label();
      List<String> header = columns.header();
      List<String> features = columns.features();
      List<String[]> all = new ArrayList<>();
      List<String[]> labelled = new ArrayList<>();
      List<Integer> y = new ArrayList<>();
      List<Integer> labelledRow = new ArrayList<>();
      for (Customer c : customers) {
        String[] row = ChurnFeatures.Columns.cells(c, header);
        String value = c.attributes().get(label);
        if (value != null && !value.isBlank()) {
          labelledRow.add(all.size());
          labelled.add(row);
          y.add(settings.positive().contains(value.strip().toLowerCase(Locale.ROOT)) ? 1 : 0);
        }
        all.add(row);
      }
      int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
      TabularEncoder encoder = TabularEncoder.fit(header, labelled, features);
      ChurnData data = ChurnData.of(encoder, header, labelled, labels);
      long trainStart = System.nanoTime();
      TrainedChurn trained = ChurnTrainer.train(data, settings.trainerOptions());
      trainingSeconds = (System.nanoTime() - trainStart) / 1e9;
      startNextPurchase(trained.classifier().id());
      ChurnData everyone = ChurnData.of(encoder, header, all, null);
      double[] p = trained.probability(everyone);
      // a labelled customer is scored by the fold model that did not see them, so the score is
      // not an in-sample fit of their own label
      double[] oof = trained.outOfFold();
      for (int k = 0; k < labelledRow.size(); k++) {
        p[labelledRow.get(k)] = oof[k];
      }
      List<String> ids = new ArrayList<>(all.size());
      for (String[] row : all) {
        ids.add(row[0]);
      }
      scores = ChurnScores.of(trained, TOP_REASONS, ids, p, everyone);
      this.label =
          new ChurnReport.ColumnLabel(
              label,
              List.copyOf(settings.positive()),
              labels.length,
              Arrays.stream(labels).sum(),
              all.size() - labels.length);
      this.features = features;
      this.encodedFeatures = data.names();
      this.inputFingerprint = fingerprint(data);
      savedModel =
          save(
              new SavedChurn(
                  "churn",
                  asOf,
                  settings.horizonDays(),
                  new ChurnFeatures.Columns(header, encoder),
                  trained.scorer()),
              CHURN_MODEL_FILE);
      return trained;
    }

    // ---- time split --------------------------------------------------------------------------

    /** The time-split features as a saved model records them. */
    private ChurnFeatures.Profile profileFeatures() {
      return new ChurnFeatures.Profile(settings.timeSplitFeatures(), fold.settings());
    }

    /**
     * Writes a fitted model to {@code models/<file>} for later scoring (the live engine).
     *
     * @return the file as the report names it ({@code models/<file>})
     */
    private String save(SavedChurn model, String file) {
      if (file.equals(CHURN_MODEL_FILE)) {
        savedChurn = model;
      } else {
        savedNextPurchase = model;
      }
      try {
        model.write(out.resolve("models").resolve(file));
        return "models/" + file;
      } catch (IOException e) {
        throw new UncheckedIOException("writing models/" + file + " failed", e);
      }
    }

    private ChurnData buyersAsOf(LocalDate day, List<CustomerId> idsOut) {
      return cutoffs.buyersAsOf(day, idsOut);
    }

    private TrainedChurn timeSplit() {
      ChurnLabels split = ChurnLabels.endingAt(asOf, settings.horizonDays());
      List<CustomerId> trainIds = new ArrayList<>();
      ChurnData x = buyersAsOf(split.cutoff(), trainIds);
      int[] y = split.churned(trainIds, orders, zone);
      ChurnData data = x.withLabels(y);
      long trainStart = System.nanoTime();
      TrainedChurn trained = ChurnTrainer.train(data, settings.trainerOptions());
      trainingSeconds = (System.nanoTime() - trainStart) / 1e9;
      startNextPurchase(trained.classifier().id());
      double auc = trained.evaluation().rocAuc();
      timeSplitInputs =
          new ChurnTimeSplit(
              split, cutoffs.asOf(split.cutoff()), training.customers(), orders, settings, auc);
      List<CustomerId> nowIds = new ArrayList<>();
      ChurnData now = buyersAsOf(asOf, nowIds);
      double[] p = trained.probability(now);
      List<String> ids = nowIds.stream().map(CustomerId::value).toList();
      scores = ChurnScores.of(trained, TOP_REASONS, ids, p, now);
      this.label =
          new ChurnReport.TimeSplitLabel(
              ChurnReport.TimeSplitLabel.DEFINITION,
              split.cutoff(),
              split.windowEnd(),
              split.horizonDays(),
              y.length,
              Arrays.stream(y).sum(),
              asOf,
              nowIds.size());
      this.features = settings.timeSplitFeatures();
      this.inputFingerprint = fingerprint(data);
      savedModel =
          save(
              new SavedChurn(
                  "churn", asOf, settings.horizonDays(), profileFeatures(), trained.scorer()),
              CHURN_MODEL_FILE);
      return trained;
    }

    // ---- next purchase -----------------------------------------------------------------------

    /**
     * Starts the next-purchase step on a thread of its own as soon as the kept churn model's kind
     * is known (the step fits that kind), so that it runs while the churn model scores and explains
     * every customer: the two share only the cut-offs' rows, and each one's single-threaded parts
     * (feature rows, BG/NBD, calibration, the tails of the forest fits and TreeSHAP blocks) leave a
     * core the other can use. Every fit is seeded, so the results do not depend on the timing.
     */
    private void startNextPurchase(String model) {
      if (!hasOrders || nextPurchaseRun != null) {
        return;
      }
      nextPurchaseModel = model;
      nextPurchaseRun = new FutureTask<>(() -> nextPurchase(model));
      Thread.ofPlatform().name("tessera-next-purchase").daemon(true).start(nextPurchaseRun);
    }

    /**
     * The next-purchase step's source, once it has run with the kept churn model's kind ({@code
     * xgboost} when no churn model was kept): started early by {@link #startNextPurchase}, or here.
     */
    private String awaitNextPurchase(String kept) throws IOException {
      String model = kept == null ? "xgboost" : kept;
      if (nextPurchaseRun != null && !nextPurchaseModel.equals(model)) {
        // the churn model was fitted but then not kept (its scoring failed): the step runs again
        // with the kind it would have fitted had it started now, its first outcome dropped
        awaitQuietly(nextPurchaseRun);
        nextPurchaseRun = null;
        buy = DoubleColumn.EMPTY;
        bands = DoubleColumn.EMPTY.mapped(p -> "");
        nextPurchase = null;
        nextBgNbd = null;
        savedNextPurchase = null;
        Files.deleteIfExists(out.resolve("models").resolve(NEXT_PURCHASE_MODEL_FILE));
      }
      startNextPurchase(model);
      return await(nextPurchaseRun);
    }

    private static String await(FutureTask<String> task) {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the next-purchase step ran", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        } else if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("the next-purchase step failed", e.getCause());
      }
    }

    private String nextPurchase(String model) {
      NextPurchaseStep.Result r =
          new NextPurchaseStep(
                  asOf,
                  orders,
                  zone,
                  cutoffs,
                  transactions(),
                  training.scoring(records, fold.settings()),
                  settings.trainerOptions().withModels(List.of(model)),
                  profileFeatures(),
                  saved -> save(saved, NEXT_PURCHASE_MODEL_FILE))
              .run();
      nextPurchase = r.report();
      buy = r.buy();
      bands = r.bands();
      nextBgNbd = r.bgnbd();
      return r.source();
    }

    private OrderDays transactions() {
      return OrderDays.of(orders, fold.settings());
    }

    // ---- backtest ----------------------------------------------------------------------------

    private void backtest(TrainedChurn trained) {
      OrderDays tx = transactions();
      LocalDate dataEnd = null;
      for (LocalDate d : tx.days()) {
        if (dataEnd == null || d.isAfter(dataEnd)) {
          dataEnd = d;
        }
      }
      if (dataEnd == null || !dataEnd.isAfter(asOf)) {
        backtest =
            ChurnReport.Backtest.skipped(
                "skipped: no completed order after the as-of date " + asOf);
        return;
      }
      TransactionSummary.TimeUnit unit = clvUnit;
      Backtest b = null;
      String bgnbdStatus = null;
      try {
        TransactionSummary s =
            TransactionSummary.of(tx.ids(), tx.days(), tx.amounts(), asOf, dataEnd, unit);
        BgNbd model = BgNbd.fit(s.calibration());
        b = Backtest.of(model, unit, tx.ids(), tx.days(), asOf, dataEnd);
      } catch (IllegalArgumentException e) {
        bgnbdStatus = "not fitted: " + e.getMessage();
      }
      backtest =
          ChurnJson.backtest(
              asOf.plusDays(1), dataEnd, unit, b, bgnbdStatus, realChurn(trained, dataEnd));
    }

    /** Churn on the real outcome, when the data covers the whole horizon after the as-of date. */
    private ChurnReport.RealChurn realChurn(TrainedChurn trained, LocalDate dataEnd) {
      LocalDate needed = asOf.plusDays(settings.horizonDays());
      if (trained == null || settings.labelColumn() != null) {
        return ChurnReport.RealChurn.skipped("skipped: churn is not labelled from a time split");
      } else if (dataEnd.isBefore(needed)) {
        return ChurnReport.RealChurn.skipped(
            "skipped: the data ends "
                + dataEnd
                + ", before the horizon's end "
                + needed
                + " after the as-of date");
      }
      List<CustomerId> ids = new ArrayList<>();
      buyersAsOf(asOf, ids);
      ids.removeIf(id -> !training.drawn(id.value())); // the outcomes read are the sample's
      int[] actual = new ChurnLabels(asOf, settings.horizonDays()).churned(ids, orders, zone);
      double[] p = new double[ids.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = scores.churn().get(ids.get(i).value());
      }
      return ChurnJson.realChurn(trained.threshold(), p, actual);
    }
  }
}
