package io.tessera.pipeline.rfm;

import io.tessera.contract.CustomerId;
import io.tessera.predict.clv.ClvFit;
import io.tessera.predict.clv.CustomerValue;
import io.tessera.predict.clv.RepeatSummary;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileTable;
import io.tessera.segment.Segment;
import io.tessera.segment.SegmentProfiler;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.segment.rfm.VisitorPlacement;
import io.tessera.store.ConfigException;
import io.tessera.store.CsvOutput;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
   * @param asOf the as-of date, null when no completed order was accepted and none was configured
   * @param clvMethod models/clv.json's method (empty when nothing was fitted)
   * @param clvWarnings models/clv.json's warnings
   * @param pAlive from BG/NBD, or from the empirical-rate fallback when the models do not fit
   *     (models/clv.json says which)
   * @param groups customers per group (buyers, and visitors once placed)
   * @param segments the RFM segments (empty until {@link #place})
   * @param model the fitted quintiles, null without buyers
   * @param visitors the group of each customer without a completed order (empty until placed)
   * @param placement how they were placed, null until placed
   * @param clvFit the fitted lifetime-value models (BG/NBD + Gamma-Gamma, or the empirical rate),
   *     null when nothing was fitted
   * @param timeUnit the time unit the lifetime-value models were fitted in
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
      VisitorPlacement placement,
      ClvFit clvFit,
      TransactionSummary.TimeUnit timeUnit) {
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
          null,
          null);
    }
  }

  /** models/rfm.json and models/clv.json of a run without orders or events: why they are empty. */
  public static void writeSkipped(Path out, String reason) throws IOException {
    ModelFiles.writeSkipped(out, reason);
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
    Outcome b = buyers;
    if (b == null) {
      ModelFiles.writeClvStatus(out, NO_ORDERS);
      b = Outcome.none(asOf, NO_ORDERS);
    }
    Map<String, Integer> buyerRow = new HashMap<>();
    for (int i = 0; i < b.ids().size(); i++) {
      buyerRow.put(b.ids().get(i), i);
    }
    int n = everyone.size();
    double[] last = new double[n];
    double[] first = new double[n];
    for (int i = 0; i < n; i++) {
      CustomerProfile p = profiles.get(CustomerId.of(everyone.get(i)));
      last[i] = p == null ? Double.NaN : p.value(ProfileField.DAYS_SINCE_LAST_ACTIVITY, asOf);
      first[i] = p == null ? Double.NaN : p.value(ProfileField.DAYS_SINCE_FIRST_ACTIVITY, asOf);
    }
    VisitorPlacement placement = VisitorPlacement.fit(last);
    Map<String, RfmGroup> visitors = new java.util.TreeMap<>();
    Map<RfmGroup, Integer> groups = new EnumMap<>(RfmGroup.class);
    Map<RfmGroup, Integer> visitorCounts = new EnumMap<>(RfmGroup.class);
    RfmGroup[] groupOf = new RfmGroup[n];
    String[] names =
        b.model() != null && Double.isFinite(b.pAlive().length > 0 ? b.pAlive()[0] : Double.NaN)
            ? new String[] {
              "recency_days",
              "frequency",
              "monetary",
              "p_alive",
              "clv_365d",
              "days_since_last_activity"
            }
            : new String[] {"recency_days", "frequency", "monetary", "days_since_last_activity"};
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
    ModelFiles.writeRfmModel(
        out.resolve("models/rfm.json"), b.model(), placement, groups, visitorCounts, asOf);
    List<Segment> segments = rfmSegments(groupOf, names, columns, revenue);
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
        placement,
        b.clvFit(),
        b.timeUnit());
  }

  public static final String NO_ORDERS = "not fitted: there are no orders";

  public static Outcome run(
      TesseraConfig config, Store store, Path out, java.util.Set<String> noConsent)
      throws IOException {
    try {
      return compute(config, store, out, noConsent);
    } catch (SQLException e) {
      throw new IllegalStateException("reading orders from the store failed: " + e.getMessage(), e);
    }
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
    try (Statement s = store.connection().createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT customer_id FROM customers WHERE consent_profiling = false UNION SELECT"
                  + " trim(raw->>'customer_id') FROM quarantine WHERE source = 'customers' AND"
                  + " lower(trim(raw->>'consent_profiling')) IN ('false', 'no', 'n', '0', 'f')"
                  + " AND coalesce(trim(raw->>'customer_id'), '') <> ''")) {
        while (r.next()) {
          excluded.put(r.getString(1), EXCLUSION_REASON);
        }
      }
      if (!defaultProfilingAllowed) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT customer_id FROM (SELECT customer_id FROM customers UNION SELECT"
                    + " customer_id FROM orders UNION SELECT customer_id FROM events UNION SELECT"
                    + " customer_id FROM interactions UNION SELECT customer_id FROM reviews) ids"
                    + " WHERE customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c"
                    + " WHERE c.customer_id = ids.customer_id AND c.consent_profiling IS NOT"
                    + " NULL)")) {
          while (r.next()) {
            excluded.putIfAbsent(r.getString(1), DEFAULT_EXCLUSION_REASON);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "reading consent from the store failed: " + e.getMessage(), e);
    }
    Files.createDirectories(out);
    try (CsvOutput w =
        CsvOutput.open(out.resolve("excluded_customers.csv"), List.of("customer_id", "reason"))) {
      excluded.forEach((id, reason) -> w.text(id).text(reason).endRow());
    }
    return new java.util.TreeSet<>(excluded.keySet());
  }

  /** The as-of date: the config's, else the day of the last completed order or event. */
  public static LocalDate asOf(TesseraConfig config, Store store) {
    if (config.asOf() != null) {
      return config.asOf();
    }
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT coalesce((SELECT max(ordered_at)::DATE FROM orders WHERE status ="
                    + " 'completed'), (SELECT max(occurred_at)::DATE FROM events WHERE NOT"
                    + " is_bot))")) {
      r.next();
      return r.getObject(1, LocalDate.class);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
  }

  private static Outcome compute(
      TesseraConfig config, Store store, Path out, java.util.Set<String> noConsent)
      throws SQLException, IOException {
    LocalDate asOf = null;
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery("SELECT max(ordered_at)::DATE FROM orders WHERE status = 'completed'")) {
      r.next();
      asOf = r.getObject(1, LocalDate.class);
    }
    if (config.asOf() != null) {
      asOf = config.asOf();
    }
    if (asOf == null) {
      String status = "not fitted: no completed order was accepted (see data_health.json)";
      ModelFiles.writeClvStatus(out, status);
      return Outcome.none(null, status);
    }
    TransactionSummary.TimeUnit unit = timeUnit(config);
    // Purchases per customer and day, up to the end of as_of; later ones are the holdout.
    List<String> ids = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Double> amounts = new ArrayList<>();
    Map<String, Double> revenueUntilAsOf = new HashMap<>();
    LocalDate last = asOf;
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT customer_id, ordered_at::DATE AS day, sum(amount) FROM "
                    + io.tessera.store.IdentityTables.table(store, "orders")
                    + " WHERE status = 'completed' GROUP BY ALL ORDER BY customer_id, day")) {
      while (r.next()) {
        String id = r.getString(1);
        if (noConsent.contains(id)) {
          continue;
        }
        LocalDate d = r.getObject(2, LocalDate.class);
        ids.add(id);
        days.add(d);
        amounts.add(r.getDouble(3));
        if (!d.isAfter(asOf)) {
          revenueUntilAsOf.merge(id, r.getDouble(3), Double::sum);
        }
        if (d.isAfter(last)) {
          last = d;
        }
      }
    }
    TransactionSummary summary =
        TransactionSummary.of(
            ids.toArray(String[]::new),
            days.toArray(LocalDate[]::new),
            amounts.stream().mapToDouble(Double::doubleValue).toArray(),
            asOf,
            last.isAfter(asOf) ? last : null,
            unit);
    RepeatSummary c = summary.calibration();
    int n = c.size();
    if (n == 0) {
      String status = "not fitted: no completed order up to as_of " + asOf;
      ModelFiles.writeClvStatus(out, status);
      return Outcome.none(asOf, status);
    }

    // RFM on the calibration period: recency in days, frequency = purchase days, monetary =
    // revenue.
    double[] recency = new double[n];
    double[] frequency = new double[n];
    double[] monetary = new double[n];
    for (int i = 0; i < n; i++) {
      recency[i] = Math.round((c.age(i) - c.tx(i)) * unit.days());
      frequency[i] = c.x(i) + 1;
      monetary[i] = revenueUntilAsOf.getOrDefault(summary.customerIds().get(i), 0.0);
    }
    RfmModel rfm = RfmModel.fit(recency, frequency, monetary);

    // never fails on data: BG/NBD + Gamma-Gamma when they fit, else the empirical rate, with why
    ClvFit clvFit = ClvFit.of(c, unit);
    String clvStatus =
        clvFit.method() == ClvFit.Method.BGNBD_GAMMA_GAMMA
            ? "fitted"
            : "not fitted, figures from the empirical rate instead (why: warnings in"
                + " models/clv.json)";

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
    List<String> clvWarnings = new ArrayList<>(clvFit.warnings());
    double correlation = Double.NaN;
    if (clvFit.method() == ClvFit.Method.BGNBD_GAMMA_GAMMA) {
      correlation = correlation(c);
      if (Math.abs(correlation) > CORRELATION_WARNING) {
        clvWarnings.add(
            String.format(
                Locale.ROOT,
                "frequency and spend per purchase are correlated (%.2f): Gamma-Gamma assumes they"
                    + " are independent, so clv_365d is less reliable for the most frequent buyers",
                correlation));
      }
    }
    ModelFiles.writeClvModel(
        out.resolve("models/clv.json"),
        unit,
        clvFit,
        correlation,
        clvWarnings,
        c,
        clvStatus,
        asOf,
        summary);
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
        clvStatus,
        clvFit.method().wireName(),
        clvWarnings,
        List.of(),
        rfm,
        Map.of(),
        null,
        clvFit,
        unit);
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

  public static TransactionSummary.TimeUnit timeUnit(TesseraConfig config) {
    if (config.raw() == null) {
      return TransactionSummary.TimeUnit.DAYS;
    }
    String unit =
        config.raw().path("clv").path("time_unit").asText("days").toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "days" -> TransactionSummary.TimeUnit.DAYS;
      case "weeks" -> TransactionSummary.TimeUnit.WEEKS;
      default ->
          throw new ConfigException("clv.time_unit must be days or weeks, got '" + unit + "'");
    };
  }

  /**
   * Pearson correlation of frequency and mean spend among repeat buyers (Gamma-Gamma assumes ~0).
   */
  public static double correlation(RepeatSummary c) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    int n = 0;
    for (int i = 0; i < c.size(); i++) {
      if (c.x(i) > 0) {
        double x = c.x(i);
        double y = c.meanSpend(i);
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
        n++;
      }
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
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

  /**
   * Above this, frequency and spend are too correlated for Gamma-Gamma's independence assumption.
   */
  public static final double CORRELATION_WARNING = 0.3;
}
