package io.tessera.server.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.CustomerValue;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.profile.ProfileField;
import io.tessera.server.Db;
import io.tessera.server.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The customers' scores of the last batch run, kept in the store ({@code customer_scores}, with the
 * run in {@code score_runs}) so that they survive restarts, and the live lifetime value: the run's
 * BG/NBD and Gamma-Gamma parameters ({@code models/clv.json}) applied to the customer's completed
 * orders in the store as of today, through the same {@link CustomerValue} code as the batch run. So
 * a customer who first bought after the run gets a lifetime value too. Churn and next-purchase
 * probabilities come from the run only: the trained classifier is not kept by the run.
 */
public final class CustomerScores {

  /** The columns of a run's {@code customers.csv} loaded here (others are ignored). */
  static final List<String> COLUMNS =
      List.of(
          "churn_probability",
          "p_alive",
          "expected_purchases_90d",
          "clv_365d",
          "p_purchase_30d",
          "next_purchase_band",
          "reasons");

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
      List<String> clusterReasons) {}

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

  /** A run's lifetime-value model as loaded from its clv.json. */
  private record ClvModel(
      String runId,
      LocalDate calibrationEnd,
      TransactionSummary.TimeUnit unit,
      BgNbd purchases,
      GammaGamma spend) {}

  private final Db db;
  private final Clock clock;
  private volatile ScoreRun current;
  private volatile ClvModel clv;

  public CustomerScores(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
    db.update(
        "CREATE TABLE IF NOT EXISTS score_runs (run_id VARCHAR, loaded_at TIMESTAMP, scored_as_of"
            + " DATE, customers BIGINT, churn_model VARCHAR, churn_status VARCHAR, churn_roc_auc"
            + " DOUBLE, next_purchase_source VARCHAR, clv_model JSON)");
    db.update(
        "CREATE TABLE IF NOT EXISTS customer_scores (run_id VARCHAR, customer_id VARCHAR,"
            + " churn_probability DOUBLE, p_alive DOUBLE, expected_purchases_90d DOUBLE, clv_365d"
            + " DOUBLE, p_purchase_30d DOUBLE, next_purchase_band VARCHAR, reasons VARCHAR)");
    db.update("CREATE INDEX IF NOT EXISTS customer_scores_id ON customer_scores (customer_id)");
    List<Object[]> last =
        db.query(
            "SELECT run_id, loaded_at, scored_as_of, customers, churn_model, churn_status,"
                + " churn_roc_auc, next_purchase_source, clv_model FROM score_runs ORDER BY"
                + " loaded_at DESC LIMIT 1",
            r ->
                new Object[] {
                  new ScoreRun(
                      r.getString(1),
                      Db.instant(r, 2),
                      r.getObject(3, LocalDate.class),
                      r.getLong(4),
                      r.getString(5),
                      r.getString(6),
                      (Double) r.getObject(7),
                      r.getString(8)),
                  r.getString(9)
                });
    if (!last.isEmpty()) {
      current = (ScoreRun) last.get(0)[0];
      try {
        clv = clvModel(current.runId(), (String) last.get(0)[1]);
      } catch (IOException | RuntimeException e) {
        // a stored model that no longer parses: batch scores are still served, live ones are not
        clv = null;
      }
    }
  }

  /** The run whose scores are served, or null before the first run. */
  public ScoreRun current() {
    return current;
  }

  /**
   * Loads a finished run's scores ({@code customers.csv}, {@code models/churn.json}, {@code
   * models/clv.json}) in place of the previous run's, in one transaction.
   *
   * @return the number of customers loaded
   * @throws IOException when the run wrote no customers.csv or its models cannot be read
   */
  public long load(String runId, Path out) throws IOException {
    Path csv = out.resolve("customers.csv");
    if (!Files.isRegularFile(csv)) {
      throw new IOException("the run wrote no customers.csv, so no scores were loaded");
    }
    Set<String> header;
    try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
      header = new HashSet<>(Arrays.asList(lines.findFirst().orElse("").split(",")));
    }
    if (!header.contains("customer_id")) {
      throw new IOException(csv + " has no customer_id column");
    }
    List<String> selects = new ArrayList<>();
    for (String c : COLUMNS) {
      boolean text = c.equals("reasons") || c.equals("next_purchase_band");
      selects.add(
          !header.contains(c)
              ? "NULL"
              : text ? "nullif(" + c + ", '')" : "TRY_CAST(" + c + " AS DOUBLE)");
    }
    JsonNode churn = readJson(out.resolve("models/churn.json"));
    String clvText =
        Files.isRegularFile(out.resolve("models/clv.json"))
            ? Files.readString(out.resolve("models/clv.json"))
            : null;
    ClvModel model = clvModel(runId, clvText);
    // microseconds, as the store keeps timestamps
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    LocalDate scoredAsOf = asOf(churn, clvText);
    String churnModel = churn.path("model").isTextual() ? churn.get("model").asText() : null;
    String churnStatus = churn.path("status").asText(null);
    Double auc =
        churn.path("cv").path("roc_auc").isNumber()
            ? churn.get("cv").get("roc_auc").asDouble()
            : null;
    String nextSource = churn.path("next_purchase").path("chosen").asText(null);
    String file = csv.toAbsolutePath().toString().replace("'", "''");
    long[] count = new long[1];
    db.transaction(
        () -> {
          db.update("DELETE FROM customer_scores");
          count[0] =
              db.update(
                  "INSERT INTO customer_scores SELECT ?, customer_id, "
                      + String.join(", ", selects)
                      + " FROM read_csv('"
                      + file
                      + "', header = true, all_varchar = true)",
                  runId);
          db.update(
              "INSERT INTO score_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              runId,
              now,
              scoredAsOf,
              count[0],
              churnModel,
              churnStatus,
              auc,
              nextSource,
              clvText);
        });
    current =
        new ScoreRun(runId, now, scoredAsOf, count[0], churnModel, churnStatus, auc, nextSource);
    clv = model;
    return count[0];
  }

  /** The customer's scores of the current run, if it scored them. */
  public Optional<BatchScores> batch(String customerId) {
    ScoreRun run = current;
    if (run == null) {
      return Optional.empty();
    }
    return db
        .query(
            "SELECT churn_probability, p_alive, expected_purchases_90d, clv_365d, p_purchase_30d,"
                + " next_purchase_band, reasons FROM customer_scores WHERE customer_id = ?",
            r -> {
              String reasons = r.getString(7);
              return new BatchScores(
                  run,
                  (Double) r.getObject(1),
                  churnReasons(reasons),
                  (Double) r.getObject(2),
                  (Double) r.getObject(3),
                  (Double) r.getObject(4),
                  (Double) r.getObject(5),
                  r.getString(6),
                  clusterReasons(reasons));
            },
            customerId)
        .stream()
        .findFirst();
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
    // the batch run summarises orders by their UTC day (CustomerStage): the same here
    List<Object[]> rows =
        db.query(
            "SELECT ordered_at::DATE, coalesce(amount, 0) FROM orders WHERE customer_id = ? AND"
                + " status = 'completed' AND ordered_at::DATE <= ?",
            r -> new Object[] {r.getObject(1, LocalDate.class), r.getDouble(2)},
            customerId,
            asOf);
    if (rows.isEmpty()) {
      return Optional.of(new LiveScores(asOf, m.runId(), m.calibrationEnd(), 0, null));
    }
    String[] ids = new String[rows.size()];
    LocalDate[] days = new LocalDate[rows.size()];
    double[] amounts = new double[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = customerId;
      days[i] = (LocalDate) rows.get(i)[0];
      amounts[i] = (Double) rows.get(i)[1];
    }
    TransactionSummary s = TransactionSummary.of(ids, days, amounts, asOf, null, m.unit());
    int purchaseDays = (int) Arrays.stream(days).distinct().count();
    return Optional.of(
        new LiveScores(
            asOf,
            m.runId(),
            m.calibrationEnd(),
            purchaseDays,
            CustomerValue.of(m.purchases(), m.spend(), s.calibration(), 0, m.unit())));
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

  /** The churn part of a customers.csv reasons cell: after {@code churn: }, split at "; ". */
  static List<String> churnReasons(String reasons) {
    if (reasons == null) {
      return List.of();
    }
    int at = reasons.startsWith("churn: ") ? 0 : reasons.indexOf(" | churn: ");
    if (at < 0) {
      return List.of();
    }
    String rest = reasons.substring(at == 0 ? "churn: ".length() : at + " | churn: ".length());
    return rest.isBlank() ? List.of() : List.of(rest.split("; "));
  }

  /** The cluster part of a customers.csv reasons cell: before {@code | churn:}, split at "; ". */
  static List<String> clusterReasons(String reasons) {
    if (reasons == null || reasons.startsWith("churn: ")) {
      return List.of();
    }
    int at = reasons.indexOf(" | churn: ");
    String part = at < 0 ? reasons : reasons.substring(0, at);
    return part.isBlank() ? List.of() : List.of(part.split("; "));
  }

  private static LocalDate asOf(JsonNode churn, String clvText) throws IOException {
    String day = churn.path("as_of").asText(null);
    if (day == null && clvText != null) {
      day = Json.MAPPER.readTree(clvText).path("calibration_end").asText(null);
    }
    return day == null ? null : LocalDate.parse(day);
  }

  private static JsonNode readJson(Path file) throws IOException {
    return Files.isRegularFile(file)
        ? Json.MAPPER.readTree(file.toFile())
        : Json.MAPPER.createObjectNode();
  }

  /** The BG/NBD and Gamma-Gamma of a clv.json, or null when it has none (not fitted). */
  private static ClvModel clvModel(String runId, String clvText) throws IOException {
    if (clvText == null) {
      return null;
    }
    JsonNode n = Json.MAPPER.readTree(clvText);
    JsonNode bg = n.path("bgnbd");
    JsonNode gg = n.path("gamma_gamma");
    if (!bg.isObject() || !gg.isObject()) {
      return null;
    }
    TransactionSummary.TimeUnit unit =
        TransactionSummary.TimeUnit.valueOf(
            n.path("time_unit").asText("days").toUpperCase(Locale.ROOT));
    return new ClvModel(
        runId,
        n.hasNonNull("calibration_end") ? LocalDate.parse(n.get("calibration_end").asText()) : null,
        unit,
        BgNbd.of(
            bg.get("r").asDouble(),
            bg.get("alpha").asDouble(),
            bg.get("a").asDouble(),
            bg.get("b").asDouble()),
        GammaGamma.of(gg.get("p").asDouble(), gg.get("q").asDouble(), gg.get("gamma").asDouble()));
  }
}
