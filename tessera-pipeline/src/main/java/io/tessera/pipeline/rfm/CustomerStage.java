package io.tessera.pipeline.rfm;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigBlock;
import io.tessera.contract.CustomerId;
import io.tessera.predict.clv.ClvFit;
import io.tessera.predict.clv.ClvReport;
import io.tessera.predict.clv.CustomerValue;
import io.tessera.predict.clv.RepeatSummary;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.ProfileTable;
import io.tessera.segment.Segment;
import io.tessera.segment.SegmentProfiler;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.segment.rfm.RfmReport;
import io.tessera.segment.rfm.VisitorPlacement;
import io.tessera.store.BatchQueries;
import io.tessera.store.ConfigException;
import io.tessera.store.CsvOutput;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-customer stage of a run, as far as it is built: RFM scores and groups, and BG/NBD +
 * Gamma-Gamma lifetime value, written to customers.csv, models/rfm.json and models/clv.json.
 * Customers whose consent_profiling is false are left out and counted. Columns of customers.csv
 * whose models are not built yet (cluster, churn) are present and empty.
 */
public final class CustomerStage {
  public static final List<String> COLUMNS =
      List.of(
          "customer_id",
          "recency_days",
          "frequency",
          "monetary",
          "r_score",
          "f_score",
          "m_score",
          "rfm_segment",
          "cluster",
          "cluster_name",
          "churn_probability",
          "p_alive",
          "expected_purchases_90d",
          "clv_365d",
          "journey_stage",
          "reasons",
          "p_purchase_30d",
          "next_purchase_band",
          "cluster_probability");

  private CustomerStage() {}

  /**
   * The per-customer scores of the buyers, row i for {@code ids.get(i)} (ascending ids), and the
   * RFM groups of everyone once {@link #place} has placed the customers without a purchase.
   *
   * @param asOf the run's as-of date ({@code io.tessera.pipeline.AsOf})
   * @param clvMethod models/clv.json's method (empty when nothing was fitted)
   * @param clvWarnings models/clv.json's warnings
   * @param pAlive from BG/NBD, or from the empirical-rate fallback when the models do not fit
   *     (models/clv.json says which)
   * @param groups customers per group (buyers, and visitors once placed)
   * @param segments the RFM segments (empty until {@link #place})
   * @param model the fitted quintiles, null without buyers
   * @param visitors the group of each customer without a completed order (empty until placed)
   * @param rfmModel models/rfm.json: the quintiles and how the visitors were placed, null until
   *     placed
   * @param clvModel models/clv.json: the lifetime-value models (BG/NBD + Gamma-Gamma, or the
   *     empirical rate) or why there are none
   */
  public record Outcome(
      LocalDate asOf,
      List<String> ids,
      double[] recency,
      double[] frequency,
      double[] monetary,
      RfmModel.Score[] scores,
      double[] pAlive,
      double[] expected90,
      double[] clv365,
      Map<RfmGroup, Integer> groups,
      String clv,
      String clvMethod,
      List<String> clvWarnings,
      List<Segment> segments,
      RfmModel model,
      Map<String, RfmGroup> visitors,
      RfmReport rfmModel,
      ClvReport clvModel) {
    /** Buyers scored. */
    public int customers() {
      return ids.size();
    }

    /** A customer's RFM group (bought or not), or null when not placed. */
    public RfmGroup groupOf(String id, Map<String, Integer> row) {
      Integer r = row.get(id);
      return r != null ? scores[r].group() : visitors.get(id);
    }

    static Outcome none(LocalDate asOf, String clv) {
      return new Outcome(
          asOf,
          List.of(),
          new double[0],
          new double[0],
          new double[0],
          new RfmModel.Score[0],
          new double[0],
          new double[0],
          new double[0],
          Map.of(),
          clv,
          "",
          List.of(),
          List.of(),
          null,
          Map.of(),
          null,
          ClvReport.notFitted(clv));
    }
  }

  /** models/rfm.json and models/clv.json of a run without orders or events: why they are empty. */
  public static void writeSkipped(Path out, String reason) throws IOException {
    write(out, RfmReport.skipped(reason));
    write(out, ClvReport.skipped(reason));
  }

  /** Why there are no RFM groups and no lifetime values in a run without orders or events. */
  public static final String NO_ACTIVITY =
      "no orders or events: RFM groups and lifetime value need purchases or visits";

  /**
   * Places every customer: buyers keep the group of their scores, the others are placed by their
   * visits ({@link VisitorPlacement}); writes models/rfm.json and makes the RFM segments.
   *
   * @param buyers the buyers' scores, or null when the data has no orders
   * @param everyone every profiled customer (buyers included), ascending
   * @param profiles their profiles as of {@code asOf}
   */
  public static Outcome place(
      Outcome buyers, LocalDate asOf, List<String> everyone, ProfileTable profiles, Path out)
      throws IOException {
    long t0 = System.nanoTime();
    Outcome b = buyers;
    if (b == null) {
      b = Outcome.none(asOf, NO_ORDERS);
      write(out, b.clvModel());
    }
    Map<String, Integer> buyerRow = new HashMap<>();
    for (int i = 0; i < b.ids().size(); i++) {
      buyerRow.put(b.ids().get(i), i);
    }
    int n = everyone.size();
    double[] last = activity(everyone, profiles, ProfileField.DAYS_SINCE_LAST_ACTIVITY, asOf);
    double[] first = activity(everyone, profiles, ProfileField.DAYS_SINCE_FIRST_ACTIVITY, asOf);
    VisitorPlacement placement = VisitorPlacement.fit(last);
    Map<String, RfmGroup> visitors = new java.util.TreeMap<>();
    Map<RfmGroup, Integer> groups = new EnumMap<>(RfmGroup.class);
    Map<RfmGroup, Integer> visitorCounts = new EnumMap<>(RfmGroup.class);
    RfmGroup[] groupOf = new RfmGroup[n];
    String[] names = describedBy(b);
    double[][] columns = new double[names.length][n];
    double[] revenue = new double[n];
    for (int i = 0; i < n; i++) {
      String id = everyone.get(i);
      Integer r = buyerRow.get(id);
      double[] row;
      if (r != null) {
        groupOf[i] = b.scores()[r].group();
        revenue[i] = b.monetary()[r];
        row =
            names.length == 6
                ? new double[] {
                  b.recency()[r],
                  b.frequency()[r],
                  b.monetary()[r],
                  b.pAlive()[r],
                  b.clv365()[r],
                  last[i]
                }
                : new double[] {b.recency()[r], b.frequency()[r], b.monetary()[r], last[i]};
      } else {
        groupOf[i] = placement.place(last[i], first[i]);
        visitors.put(id, groupOf[i]);
        visitorCounts.merge(groupOf[i], 1, Integer::sum);
        row = new double[names.length];
        java.util.Arrays.fill(row, Double.NaN);
        row[names.length - 1] = last[i];
      }
      groups.merge(groupOf[i], 1, Integer::sum);
      for (int j = 0; j < names.length; j++) {
        columns[j][i] = row[j];
      }
    }
    RfmReport rfmModel =
        new RfmReport(
            asOf,
            b.model(),
            placement,
            groups,
            visitorCounts,
            null,
            RfmReport.provenance(b.recency(), b.frequency(), b.monetary(), last, asOf, t0));
    write(out, rfmModel);
    List<Segment> segments = rfmSegments(groupOf, names, columns, revenue);
    return placed(b, asOf, groups, segments, visitors, rfmModel);
  }

  /** A profile field of each customer as of {@code asOf}, NaN for one without a profile. */
  private static double[] activity(
      List<String> everyone, ProfileTable profiles, ProfileField field, LocalDate asOf) {
    double[] out = new double[everyone.size()];
    for (int i = 0; i < out.length; i++) {
      CustomerProfile p = profiles.get(CustomerId.of(everyone.get(i)));
      out[i] = p == null ? Double.NaN : p.value(field, asOf);
    }
    return out;
  }

  /** The columns the RFM segments are described by (lifetime value when it was computed). */
  private static String[] describedBy(Outcome b) {
    return b.model() != null && Double.isFinite(b.pAlive().length > 0 ? b.pAlive()[0] : Double.NaN)
        ? new String[] {
          "recency_days", "frequency", "monetary", "p_alive", "clv_365d", "days_since_last_activity"
        }
        : new String[] {"recency_days", "frequency", "monetary", "days_since_last_activity"};
  }

  /** The buyers' outcome with everyone placed. */
  private static Outcome placed(
      Outcome b,
      LocalDate asOf,
      Map<RfmGroup, Integer> groups,
      List<Segment> segments,
      Map<String, RfmGroup> visitors,
      RfmReport rfmModel) {
    return new Outcome(
        b.asOf() != null ? b.asOf() : asOf,
        b.ids(),
        b.recency(),
        b.frequency(),
        b.monetary(),
        b.scores(),
        b.pAlive(),
        b.expected90(),
        b.clv365(),
        groups,
        b.clv(),
        b.clvMethod(),
        b.clvWarnings(),
        segments,
        b.model(),
        visitors,
        rfmModel,
        b.clvModel());
  }

  public static final String NO_ORDERS = "not fitted: there are no orders";

  /**
   * Scores the buyers as of {@code asOf} (the run's, {@code AsOf}) and fits lifetime value.
   *
   * @param noConsent customers left out for consent
   */
  public static Outcome run(
      TesseraConfig config,
      TransactionSummary.TimeUnit unit,
      Store store,
      Path out,
      java.util.Set<String> noConsent,
      LocalDate asOf)
      throws IOException {
    return compute(config, unit, store, out, noConsent, asOf);
  }

  /**
   * The customers who said no to profiling, written to excluded_customers.csv. A quarantined
   * customers row still says what the customer chose: a "no" there is honoured too, rather than
   * profiling someone whose row had, say, a bad birth year. With {@code consent.default_profiling:
   * deny}, customers whose consent_profiling is not given (empty, or no customers row) are left out
   * too, with their own reason.
   */
  public static final String EXCLUSION_REASON =
      "consent_profiling is false: not profiled, scored or segmented";

  public static final String DEFAULT_EXCLUSION_REASON =
      "consent_profiling is not given and consent.default_profiling is deny: not profiled, scored"
          + " or segmented";

  public static java.util.Set<String> excluded(
      Store store, Path out, boolean defaultProfilingAllowed) throws IOException {
    Map<String, String> excluded = new java.util.TreeMap<>();
    for (String id : BatchQueries.profilingDenied(store)) {
      excluded.put(id, EXCLUSION_REASON);
    }
    if (!defaultProfilingAllowed) {
      for (String id : BatchQueries.profilingNotGiven(store)) {
        excluded.putIfAbsent(id, DEFAULT_EXCLUSION_REASON);
      }
    }
    Files.createDirectories(out);
    try (CsvOutput w =
        CsvOutput.open(out.resolve("excluded_customers.csv"), List.of("customer_id", "reason"))) {
      excluded.forEach((id, reason) -> w.text(id).text(reason).endRow());
    }
    return new java.util.TreeSet<>(excluded.keySet());
  }

  private static Outcome compute(
      TesseraConfig config,
      TransactionSummary.TimeUnit unit,
      Store store,
      Path out,
      java.util.Set<String> noConsent,
      LocalDate asOf)
      throws IOException {
    Purchases purchases = purchases(config, store, noConsent, asOf, unit);
    if (purchases == null) {
      String status = "not fitted: no completed order was accepted (see data_health.json)";
      Outcome none = Outcome.none(asOf, status);
      write(out, none.clvModel());
      return none;
    }
    if (purchases.summary().calibration().size() == 0) {
      String status = "not fitted: no completed order up to as_of " + asOf;
      Outcome none = Outcome.none(asOf, status);
      write(out, none.clvModel());
      return none;
    }
    return score(purchases, unit, asOf, out);
  }

  /**
   * The completed orders per customer and purchase day, and each customer's revenue and number of
   * completed orders up to the end of the as-of date.
   */
  private record Purchases(
      TransactionSummary summary,
      Map<String, Double> revenueUntilAsOf,
      Map<String, Integer> ordersUntilAsOf) {}

  /**
   * Completed orders as (customer, purchase day in the configured zone, amount), the days as the
   * profiles count them ({@link ProfileSettings#day}); orders after as_of are the holdout. Null
   * when no completed order was accepted.
   */
  private static Purchases purchases(
      TesseraConfig config,
      Store store,
      java.util.Set<String> noConsent,
      LocalDate asOf,
      TransactionSummary.TimeUnit unit) {
    ProfileSettings zone = config.profileSettings();
    List<String> ids = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Double> amounts = new ArrayList<>();
    Map<String, Double> revenueUntilAsOf = new HashMap<>();
    Map<String, Integer> ordersUntilAsOf = new HashMap<>();
    LocalDate last = asOf;
    try (var orders = new StoreRecords(store, noConsent).completedOrders()) {
      for (StoreRecords.CompletedOrder o :
          (Iterable<StoreRecords.CompletedOrder>) orders::iterator) {
        String id = o.customerId();
        LocalDate d = zone.day(o.orderedAt());
        double amount = o.amount();
        ids.add(id);
        days.add(d);
        amounts.add(amount);
        if (!d.isAfter(asOf)) {
          revenueUntilAsOf.merge(id, amount, Double::sum);
          ordersUntilAsOf.merge(id, 1, Integer::sum);
        }
        if (d.isAfter(last)) {
          last = d;
        }
      }
    }
    if (ids.isEmpty()) {
      return null;
    }
    TransactionSummary summary =
        TransactionSummary.of(
            ids.toArray(String[]::new),
            days.toArray(LocalDate[]::new),
            amounts.stream().mapToDouble(Double::doubleValue).toArray(),
            asOf,
            last.isAfter(asOf) ? last : null,
            unit);
    return new Purchases(summary, revenueUntilAsOf, ordersUntilAsOf);
  }

  /** Scores the buyers (RFM and lifetime value) and writes models/clv.json. */
  private static Outcome score(
      Purchases purchases, TransactionSummary.TimeUnit unit, LocalDate asOf, Path out)
      throws IOException {
    TransactionSummary summary = purchases.summary();
    Map<String, Double> revenueUntilAsOf = purchases.revenueUntilAsOf();
    Map<String, Integer> ordersUntilAsOf = purchases.ordersUntilAsOf();
    RepeatSummary c = summary.calibration();
    int n = c.size();
    // RFM on the calibration period, as the profile defines its fields (and so the live engine
    // scores them): recency = days from the last purchase day to as_of, frequency = completed
    // orders, monetary = revenue.
    double[] recency = new double[n];
    double[] frequency = new double[n];
    double[] monetary = new double[n];
    for (int i = 0; i < n; i++) {
      recency[i] = Math.round((c.age(i) - c.tx(i)) * unit.days());
      frequency[i] = ordersUntilAsOf.getOrDefault(summary.customerIds().get(i), 0);
      monetary[i] = revenueUntilAsOf.getOrDefault(summary.customerIds().get(i), 0.0);
    }
    RfmModel rfm = RfmModel.fit(recency, frequency, monetary);

    // never fails on data: BG/NBD + Gamma-Gamma when they fit, else the empirical rate, with why
    long fitStart = System.nanoTime();
    ClvFit clvFit = ClvFit.of(c, unit);
    ClvReport clvModel = ClvReport.of(clvFit, summary, unit, asOf, fitStart);

    Files.createDirectories(out.resolve("models"));
    Map<RfmGroup, Integer> groups = new EnumMap<>(RfmGroup.class);
    RfmGroup[] groupOf = new RfmGroup[n];
    double[] pAliveOf = new double[n];
    double[] clvOf = new double[n];
    RfmModel.Score[] scores = new RfmModel.Score[n];
    double[] expectedOf = new double[n];
    java.util.Arrays.fill(pAliveOf, Double.NaN);
    java.util.Arrays.fill(clvOf, Double.NaN);
    java.util.Arrays.fill(expectedOf, Double.NaN);
    for (int i = 0; i < n; i++) {
      RfmModel.Score score = rfm.score(recency[i], frequency[i], monetary[i]);
      scores[i] = score;
      groups.merge(score.group(), 1, Integer::sum);
      groupOf[i] = score.group();
      CustomerValue v = clvFit.values().get(i);
      pAliveOf[i] = v.pAlive();
      clvOf[i] = v.clv365d();
      expectedOf[i] = v.expectedPurchases90d();
    }
    write(out, clvModel);
    return new Outcome(
        asOf,
        summary.customerIds(),
        recency,
        frequency,
        monetary,
        scores,
        pAliveOf,
        expectedOf,
        clvOf,
        groups,
        clvModel.status(),
        clvFit.method().wireName(),
        clvModel.warnings(),
        List.of(),
        rfm,
        Map.of(),
        null,
        clvModel);
  }

  /** One RFM segment per non-empty group, in the groups' order. */
  private static List<Segment> rfmSegments(
      RfmGroup[] groupOf, String[] names, double[][] columns, double[] revenue) {
    int n = groupOf.length;
    double totalRevenue = java.util.Arrays.stream(revenue).sum();
    List<Segment> segments = new ArrayList<>();
    for (RfmGroup g : RfmGroup.values()) {
      boolean[] in = new boolean[n];
      long size = 0;
      double groupRevenue = 0;
      for (int i = 0; i < n; i++) {
        if (groupOf[i] == g) {
          in[i] = true;
          size++;
          groupRevenue += revenue[i];
        }
      }
      if (size == 0) {
        continue;
      }
      List<Segment.Text> actions = new ArrayList<>();
      for (int k = 0; k < g.actionsEn().size(); k++) {
        actions.add(new Segment.Text(g.actionsEn().get(k), g.actionsKo().get(k)));
      }
      segments.add(
          new Segment(
              "rfm:" + g.id(),
              Segment.Kind.RFM,
              new Segment.Text(g.english(), g.korean()),
              size,
              round6((double) size / n),
              round6(totalRevenue == 0 ? 0 : groupRevenue / totalRevenue),
              g.stage().wireName(),
              actions,
              SegmentProfiler.distinguish(names, columns, in).stream()
                  .map(
                      d ->
                          new io.tessera.segment.DistinguishingFeature(
                              d.feature(),
                              round6(d.segmentValue()),
                              round6(d.populationValue()),
                              round6(d.lift()),
                              round6(d.standardizedDifference())))
                  .toList()));
    }
    return segments;
  }

  /**
   * The {@code clv:} block's {@code time_unit} of a config's YAML tree (null: the default, days).
   */
  public static TransactionSummary.TimeUnit timeUnit(JsonNode raw) {
    JsonNode clv = raw == null ? null : raw.path("clv");
    ConfigBlock.checkKeys(clv, "clv", java.util.Set.of("time_unit"));
    if (ConfigBlock.absent(clv)) {
      return TransactionSummary.TimeUnit.DAYS;
    }
    String unit = clv.path("time_unit").asText("days").toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "days" -> TransactionSummary.TimeUnit.DAYS;
      case "weeks" -> TransactionSummary.TimeUnit.WEEKS;
      default ->
          throw new ConfigException("clv.time_unit must be days or weeks, got '" + unit + "'");
    };
  }

  /** Six significant digits: what a reader needs, and stable across machines for golden files. */
  public static double round6(double v) {
    return Double.isFinite(v) && v != 0
        ? new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue()
        : v;
  }

  /** Six significant digits, no trailing zeros, no exponent: 5, 0.957292, 307.177. */
  public static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return "";
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** models/rfm.json, from the one writer of its shape. */
  private static void write(Path out, RfmReport model) throws IOException {
    Files.createDirectories(out.resolve("models"));
    Files.writeString(out.resolve("models/rfm.json"), model.toJson());
  }

  /** models/clv.json, from the one writer of its shape. */
  private static void write(Path out, ClvReport model) throws IOException {
    Files.createDirectories(out.resolve("models"));
    Files.writeString(out.resolve(ClvReport.FILE), model.toJson());
  }
}
