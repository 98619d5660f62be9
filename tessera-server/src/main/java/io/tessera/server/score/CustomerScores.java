package io.tessera.server.score;

import io.tessera.contract.Customer;
import io.tessera.feature.Feature;
import io.tessera.pipeline.RunModels;
import io.tessera.pipeline.RunResult;
import io.tessera.pipeline.churn.ChurnModels;
import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.outputs.CustomerOutputs;
import io.tessera.pipeline.outputs.CustomerRow;
import io.tessera.pipeline.recommend.RecommendStage;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnFeatures;
import io.tessera.predict.churn.Reason;
import io.tessera.predict.churn.SavedChurn;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.ClvReport;
import io.tessera.predict.clv.CustomerValue;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.predict.next.NextPurchase;
import io.tessera.predict.next.PurchaseBand;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.reason.Reasons;
import io.tessera.server.http.Json;
import io.tessera.server.live.LiveEngine;
import io.tessera.store.Db;
import io.tessera.store.live.RecommendTables;
import io.tessera.store.live.ScoreTables;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The customers' scores of the last batch run, kept in the store ({@code customer_scores}, with the
 * run in {@code score_runs}) so that they survive restarts, and the live lifetime value: the run's
 * BG/NBD and Gamma-Gamma parameters ({@code models/clv.json}) applied to the customer's completed
 * orders in the store as of today, through the same {@link CustomerValue} code as the batch run. So
 * a customer who first bought after the run gets a lifetime value too. The run's saved churn model
 * ({@code models/churn_model.json}, kept in {@code score_models}) scores the customer's live
 * profile (or customers-file row) as of today through core's {@link SavedChurn}, the code the run
 * scored with; the next-purchase probability likewise, from the run's saved classifier or its
 * BG/NBD parameters.
 */
public final class CustomerScores {

  /**
   * The run that scored the customers.
   *
   * @param runId the batch run's id
   * @param loadedAt when its scores were loaded
   * @param scoredAsOf the run's as-of date (its data's last day, or the configured one)
   * @param customers rows loaded
   * @param churnModel the churn classifier's id (xgboost, random_forest, logistic), or null
   * @param churnStatus {@code fitted}, or why churn was not fitted
   * @param churnRocAuc its cross-validated ROC-AUC, or null
   * @param nextPurchaseSource {@code bgnbd} or {@code classifier}, or null
   */
  public record ScoreRun(
      String runId,
      Instant loadedAt,
      LocalDate scoredAsOf,
      long customers,
      String churnModel,
      String churnStatus,
      Double churnRocAuc,
      String nextPurchaseSource) {}

  /**
   * One customer's scores from the batch run (null where the run gave none).
   *
   * @param churnReasons the churn model's top factors, e.g. {@code frequency=1 (+3.006)}
   * @param clusterReasons the traits the customer shares with their cluster
   * @param clusterProbability the posterior probability of the customer's own cluster (Gaussian
   *     mixture runs only)
   * @param clusterProbabilities the probability of every cluster by segment id (mixture runs only)
   */
  public record BatchScores(
      ScoreRun run,
      Double churnProbability,
      List<String> churnReasons,
      Double pAlive,
      Double expectedPurchases90d,
      Double clv365d,
      Double pPurchase30d,
      String nextPurchaseBand,
      List<String> clusterReasons,
      Double clusterProbability,
      Map<String, Double> clusterProbabilities) {}

  /**
   * A customer's lifetime value computed now.
   *
   * @param asOf the day it is computed for (today)
   * @param modelRunId the run whose BG/NBD and Gamma-Gamma parameters were used
   * @param modelCalibrationEnd the last day of the data those parameters were fitted on
   * @param purchaseDays days with a completed order up to {@code asOf} (0: no scores)
   * @param value the figures, or null when the customer has no completed order yet
   */
  public record LiveScores(
      LocalDate asOf,
      String modelRunId,
      LocalDate modelCalibrationEnd,
      int purchaseDays,
      CustomerValue value) {}

  /**
   * A customer's churn score computed now by the run's saved model.
   *
   * @param modelRunId the run that trained the model
   * @param model the classifier's id
   * @param modelAsOf the day the run scored its customers as of
   * @param features {@code profile} (profile features as of today) or {@code customers_file}
   * @param probability the calibrated probability, or null when not scored
   * @param atRisk whether it is at or above the model's threshold (the run's decision rule)
   * @param threshold the model's threshold
   * @param reasons the top three factors, e.g. {@code frequency=1 (+3.006)}
   * @param message why the customer is not scored, or null
   */
  public record LiveChurn(
      String modelRunId,
      String model,
      LocalDate modelAsOf,
      String features,
      Double probability,
      Boolean atRisk,
      double threshold,
      List<String> reasons,
      String contributionScale,
      String message) {}

  /**
   * The probability of a completed order in the next 30 days, computed now.
   *
   * @param source {@code classifier} (the run's saved classifier) or {@code bgnbd} (its parameters
   *     on the customer's orders)
   * @param band the band id, e.g. {@code likely}
   * @param message why it is not computed, or null
   */
  public record LiveNextPurchase(
      String modelRunId, String source, Double pPurchase30d, String band, String message) {}

  /** The saved models of the run whose scores are served (null where it saved none). */
  private record LiveModels(
      String runId, SavedChurn churn, SavedChurn nextClassifier, BgNbd nextBgNbd, String problem) {}

  /** A run's fitted BG/NBD + Gamma-Gamma (its models/clv.json as core's {@link ClvReport}). */
  private record ClvModel(String runId, ClvReport report) {
    LocalDate calibrationEnd() {
      return report.calibrationEnd();
    }

    TransactionSummary.TimeUnit unit() {
      return report.unit();
    }

    BgNbd purchases() {
      return report.purchases();
    }

    GammaGamma spend() {
      return report.spend();
    }
  }

  private final ScoreTables tables;
  // waits until the store holds the customer's orders acknowledged by the live engine
  private volatile java.util.function.Consumer<String> ordersFence = id -> {};
  private final RecommendTables recommendations;
  private final ProfileSettings settings;
  private final Clock clock;
  private volatile ScoreRun current;
  private volatile ClvModel clv;
  private volatile LiveModels models;

  /**
   * @param settings the purchase-day definition (the configured zone) live scores count days by, as
   *     the batch run does
   */
  public CustomerScores(Db db, ProfileSettings settings, Clock clock) {
    this.tables = new ScoreTables(db);
    this.recommendations = new RecommendTables(db);
    this.settings = settings;
    this.clock = clock;
    ScoreTables.ScoreRun last = tables.last().orElse(null);
    if (last != null) {
      current =
          new ScoreRun(
              last.runId(),
              last.loadedAt(),
              last.scoredAsOf(),
              last.customers(),
              last.churnModel(),
              last.churnStatus(),
              last.churnRocAuc(),
              last.nextPurchaseSource());
      try {
        clv = clvModel(current.runId(), last.clvModel());
      } catch (IOException | RuntimeException e) {
        // a stored model that no longer parses: batch scores are still served, live ones are not
        clv = null;
      }
      Map<String, String> saved = tables.models(current.runId());
      try {
        models =
            liveModels(
                current.runId(),
                saved.get(CHURN),
                saved.get(NEXT_CLASSIFIER),
                saved.get(NEXT_BGNBD));
      } catch (IllegalArgumentException | IOException e) {
        models = new LiveModels(current.runId(), null, null, null, e.getMessage());
      }
    }
  }

  private static final String CHURN = "churn";
  private static final String NEXT_CLASSIFIER = "next_purchase";
  private static final String NEXT_BGNBD = "next_purchase_bgnbd";

  /** Parses a run's saved models (each may be null). */
  private static LiveModels liveModels(
      String runId, String churnModel, String nextModel, String nextBgNbd) throws IOException {
    BgNbd bg = nextBgNbd == null ? null : StoredScores.bgNbd(nextBgNbd);
    return new LiveModels(
        runId,
        churnModel == null ? null : SavedChurn.fromJson(churnModel),
        nextModel == null ? null : SavedChurn.fromJson(nextModel),
        bg,
        null);
  }

  /** The run whose scores are served, or null before the first run. */
  public ScoreRun current() {
    return current;
  }

  /**
   * Loads a finished run's scores and models from its result, in place of the previous run's, in
   * one transaction, then its recommendations (served by {@code GET
   * /api/v1/customers/{id}/recommendations}). The figures are stored as customers.csv and
   * recommendations.csv write them ({@link CustomerOutputs#asWritten}, {@link
   * RecommendStage#asWritten}), so the API and the files agree; nothing is read from the run's
   * files, and everything survives a restart.
   *
   * @return the number of customers loaded
   */
  public long load(String runId, RunResult result) throws IOException {
    ChurnStage.Outcome churn = result.churn();
    ClvModel model = clvModel(runId, result.models());
    // microseconds, as the store keeps timestamps
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    LocalDate scoredAsOf = result.asOf();
    String churnModel = churn == null ? null : churn.model();
    String churnStatus = churn == null ? null : churn.report().status();
    Double auc =
        churn == null || !Double.isFinite(churn.rocAuc())
            ? null
            : io.tessera.predict.churn.ChurnReport.round(churn.rocAuc());
    String nextSource = churn == null ? null : churn.nextPurchaseSource();
    ChurnModels saved = result.models().churn();
    SavedChurn nextClassifier = "classifier".equals(nextSource) ? saved.nextPurchase() : null;
    BgNbd nextBgNbd = "bgnbd".equals(nextSource) ? saved.nextPurchaseBgNbd() : null;
    LiveModels live = new LiveModels(runId, saved.churn(), nextClassifier, nextBgNbd, null);
    String clvText = model == null ? null : clvJson(model);
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put(CHURN, saved.churn() == null ? null : saved.churn().toJson());
    bodies.put(NEXT_CLASSIFIER, nextClassifier == null ? null : nextClassifier.toJson());
    bodies.put(NEXT_BGNBD, nextBgNbd == null ? null : StoredScores.bgNbdJson(nextBgNbd));
    List<CustomerRow> rows = List.copyOf(result.customers().rows());
    tables.replace(
        new ScoreTables.ScoreRun(
            runId, now, scoredAsOf, rows.size(), churnModel, churnStatus, auc, nextSource, clvText),
        StoredScores.rows(rows),
        bodies);
    recommendations.replace(
        runId,
        result.recommendations().stream()
            .map(
                r ->
                    new RecommendTables.Row(
                        r.customer(),
                        r.rank(),
                        r.item(),
                        RecommendStage.asWritten(r.score()),
                        r.reason().text()))
            .toList());
    current =
        new ScoreRun(runId, now, scoredAsOf, rows.size(), churnModel, churnStatus, auc, nextSource);
    clv = model;
    models = live;
    return rows.size();
  }

  /** The lifetime-value model as score_runs keeps it for a restart. */
  private static String clvJson(ClvModel m) {
    return m.report().toJson();
  }

  /** The run's BG/NBD and Gamma-Gamma, or null when it did not fit them. */
  private static ClvModel clvModel(String runId, RunModels m) {
    if (m.clv() == null || m.clv().purchases() == null) {
      return null;
    }
    return new ClvModel(runId, m.clv());
  }

  /** The customer's scores of the current run, if it scored them. */
  public Optional<BatchScores> batch(String customerId) {
    ScoreRun run = current;
    if (run == null) {
      return Optional.empty();
    }
    return tables
        .scores(customerId)
        .map(
            r ->
                new BatchScores(
                    run,
                    r.churnProbability(),
                    // reasons: the joined cell of a store loaded before the typed lists were kept
                    r.churnReasonsJson() != null
                        ? StoredScores.strings(r.churnReasonsJson())
                        : churnReasons(r.reasonsCell()),
                    r.pAlive(),
                    r.expectedPurchases90d(),
                    r.clv365d(),
                    r.pPurchase30d(),
                    r.nextPurchaseBand(),
                    r.clusterReasonsJson() != null
                        ? StoredScores.strings(r.clusterReasonsJson())
                        : clusterReasons(r.reasonsCell()),
                    r.clusterProbability(),
                    probabilities(r.clusterProbabilitiesJson())));
  }

  /**
   * The customer's lifetime value as of {@code asOf} from their completed orders in the store, or
   * empty when no run has fitted BG/NBD and Gamma-Gamma yet.
   */
  public Optional<LiveScores> live(String customerId, LocalDate asOf) {
    ClvModel m = clv;
    if (m == null) {
      return Optional.empty();
    }
    Purchases orders = completedOrders(customerId, asOf, m.unit());
    if (orders == null) {
      return Optional.of(new LiveScores(asOf, m.runId(), m.calibrationEnd(), 0, null));
    }
    CustomerValue value;
    try {
      value =
          CustomerValue.of(m.purchases(), m.spend(), orders.summary().calibration(), 0, m.unit());
    } catch (ArithmeticException e) {
      // BG/NBD's 2F1 series did not converge for this customer: no figure rather than a 500
      value = null;
    }
    // the batch run's sanity rule (ClvFit): a figure that is not finite and non-negative is none
    return Optional.of(
        new LiveScores(
            asOf,
            m.runId(),
            m.calibrationEnd(),
            orders.days(),
            value != null && value.sane() ? value : null));
  }

  /**
   * Runs {@code f} with a customer's id before their orders are read from the store: the live
   * server's wait for the orders its engine acknowledged and writes into DuckDB behind its log
   * ({@code LiveEngine#awaitOrdersStored}), so a customer read waits only for its own customer.
   */
  public void ordersFence(java.util.function.Consumer<String> f) {
    this.ordersFence = f == null ? id -> {} : f;
  }

  /** One customer's completed orders summarised for the BTYD models, and their purchase days. */
  private record Purchases(TransactionSummary summary, int days) {}

  /**
   * The customer's completed orders up to {@code asOf}, summarised in {@code unit}; null when there
   * is none.
   */
  private Purchases completedOrders(
      String customerId, LocalDate asOf, TransactionSummary.TimeUnit unit) {
    // purchase days as the batch run counts them: ProfileSettings.day, in the configured zone
    Instant before = asOf.plusDays(1).atStartOfDay(settings.zone()).toInstant();
    ordersFence.accept(customerId);
    List<ScoreTables.CompletedOrder> rows =
        tables.completedOrders(customerId, before).stream()
            .filter(o -> !settings.day(o.orderedAt()).isAfter(asOf))
            .toList();
    if (rows.isEmpty()) {
      return null;
    }
    String[] ids = new String[rows.size()];
    LocalDate[] days = new LocalDate[rows.size()];
    double[] amounts = new double[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = customerId;
      days[i] = settings.day(rows.get(i).orderedAt());
      amounts[i] = rows.get(i).amount();
    }
    return new Purchases(
        TransactionSummary.of(ids, days, amounts, asOf, null, unit),
        (int) Arrays.stream(days).distinct().count());
  }

  /**
   * The customer's churn score as of {@code asOf} by the served run's saved model, from their live
   * profile (a time-split model) or their customers-file row (a label-column model); empty before
   * any run.
   */
  public Optional<LiveChurn> liveChurn(String customerId, LocalDate asOf, LiveEngine engine) {
    LiveModels m = models;
    ScoreRun run = current;
    if (run == null) {
      return Optional.empty();
    }
    if (m == null || m.churn() == null) {
      String why =
          m != null && m.problem() != null
              ? "the saved churn model cannot be read: " + m.problem()
              : "run "
                  + run.runId()
                  + " saved no churn model (churn "
                  + (run.churnStatus() == null ? "was not run" : run.churnStatus())
                  + ", or the run predates saved models): start a new run";
      return Optional.of(
          new LiveChurn(run.runId(), run.churnModel(), null, null, null, null, 0, null, null, why));
    }
    SavedChurn model = m.churn();
    Scored s = score(model, customerId, asOf, engine);
    String source =
        model.features() instanceof ChurnFeatures.Profile ? "profile" : "customers_file";
    return Optional.of(
        new LiveChurn(
            m.runId(),
            model.scorer().modelId(),
            model.asOf(),
            source,
            s.score() == null ? null : s.score().probability(),
            s.score() == null ? null : s.score().flagged(),
            model.scorer().threshold(),
            s.score() == null ? null : s.score().reasons().stream().map(Reason::text).toList(),
            model.scorer().contributionScale(),
            s.message()));
  }

  /**
   * The probability of a completed order in the next 30 days as of {@code asOf}, by the source the
   * served run chose; empty before any run or when the run computed none.
   */
  public Optional<LiveNextPurchase> liveNextPurchase(
      String customerId, LocalDate asOf, LiveEngine engine) {
    LiveModels m = models;
    if (m == null || (m.nextClassifier() == null && m.nextBgNbd() == null)) {
      return Optional.empty();
    }
    Double p;
    String message = null;
    String source;
    if (m.nextClassifier() != null) {
      source = "classifier";
      Scored s = score(m.nextClassifier(), customerId, asOf, engine);
      p = s.score() == null ? null : s.score().probability();
      message = s.message();
    } else {
      source = "bgnbd";
      Purchases orders = completedOrders(customerId, asOf, TransactionSummary.TimeUnit.DAYS);
      if (orders == null) {
        p = null;
        message = "no completed order yet: BG/NBD scores buyers only";
      } else {
        TransactionSummary summary = orders.summary();
        p =
            NextPurchase.fromBgNbd(m.nextBgNbd(), summary.calibration(), NextPurchase.DEFAULT_DAYS)[
                0];
      }
    }
    return Optional.of(
        new LiveNextPurchase(
            m.runId(), source, p, p == null ? null : PurchaseBand.of(p).id(), message));
  }

  /** A saved model's score of one customer, or why there is none. */
  private record Scored(SavedChurn.Score score, String message) {}

  private Scored score(SavedChurn model, String customerId, LocalDate asOf, LiveEngine engine) {
    try {
      ChurnData row;
      switch (model.features()) {
        case ChurnFeatures.Profile p -> {
          Customer customer =
              p.names().stream().anyMatch(n -> n.startsWith(Feature.ATTRIBUTE_PREFIX))
                  ? customerRow(customerId)
                  : null;
          row =
              engine.readProfile(
                  customerId,
                  profile ->
                      profile == null || !ChurnFeatures.Profile.scores(profile.values(asOf))
                          ? null
                          : p.row(profile, customer, asOf));
          if (row == null) {
            return new Scored(
                null,
                "no completed order up to "
                    + asOf
                    + ": the model was trained on customers who have bought");
          }
        }
        case ChurnFeatures.Columns c -> {
          Customer customer = customerRow(customerId);
          if (customer == null) {
            return new Scored(null, "no row in the customers file: the model scores its columns");
          }
          row = c.row(customer);
        }
      }
      return new Scored(model.score(row, TOP_REASONS), null);
    } catch (IllegalArgumentException e) {
      return new Scored(null, "not scored: " + e.getMessage());
    }
  }

  /** The reasons the batch run gives each customer. */
  static final int TOP_REASONS = 3;

  private Customer customerRow(String customerId) {
    return tables.customer(customerId);
  }

  /**
   * The reasons a role may see: a factor named after a profile field (which every customer reader
   * sees) keeps its value; a factor from a customers-file column (a raw attribute, e.g. {@code
   * contract=Month-to-month}) keeps its name and sign but not the value unless the role sees raw
   * attributes.
   */
  public static List<String> visibleReasons(List<String> reasons, boolean seesAttributes) {
    if (seesAttributes || reasons == null) {
      return reasons;
    }
    List<String> out = new ArrayList<>(reasons.size());
    for (String r : reasons) {
      int eq = r.indexOf('=');
      int open = r.lastIndexOf(" (");
      String feature = eq < 0 ? r : r.substring(0, eq);
      boolean profile = isProfileFeature(feature);
      out.add(
          profile || eq < 0 || open < eq
              ? r
              : feature + "=(hidden: a customer attribute)" + r.substring(open));
    }
    return out;
  }

  /** Cluster traits that speak of an {@code attribute:} feature are left out for such roles. */
  public static List<String> visibleTraits(List<String> traits, boolean seesAttributes) {
    if (seesAttributes || traits == null) {
      return traits;
    }
    return traits.stream().filter(t -> !t.contains("attribute:")).toList();
  }

  private static boolean isProfileFeature(String feature) {
    String f = feature.strip().toLowerCase(Locale.ROOT);
    if (f.startsWith("category_share:")) {
      return true;
    }
    for (ProfileField p : ProfileField.values()) {
      if (p.wireName().equals(f)) {
        return true;
      }
    }
    return false;
  }

  /** The cluster probabilities of a stored side-file row (JSON), by segment id; null if none. */
  static Map<String, Double> probabilities(String json) {
    if (json == null) {
      return null;
    }
    try {
      Map<String, Double> out = new java.util.LinkedHashMap<>();
      Json.MAPPER
          .readTree(json)
          .properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("customer_id") && e.getValue().isNumber()) {
                  out.put(e.getKey(), e.getValue().asDouble());
                }
              });
      return out;
    } catch (IOException e) {
      return null;
    }
  }

  /** The churn part of a customers.csv reasons cell ({@link Reasons#parseCell}). */
  static List<String> churnReasons(String reasons) {
    return Reasons.parseCell(reasons).texts(io.tessera.reason.Reason.Kind.CHURN);
  }

  /** The cluster part of a customers.csv reasons cell ({@link Reasons#parseCell}). */
  static List<String> clusterReasons(String reasons) {
    return Reasons.parseCell(reasons).texts(io.tessera.reason.Reason.Kind.CLUSTER);
  }

  /** The BG/NBD and Gamma-Gamma of a stored clv model ({@link StoredScores#clvReport}). */
  private static ClvModel clvModel(String runId, String clvText) throws IOException {
    ClvReport report = StoredScores.clvReport(runId, clvText);
    return report == null ? null : new ClvModel(runId, report);
  }
}
