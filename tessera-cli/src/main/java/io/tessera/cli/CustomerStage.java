package io.tessera.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.CustomerValue;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.RepeatSummary;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.segment.Segment;
import io.tessera.segment.SegmentProfiler;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.store.ConfigException;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
final class CustomerStage {
  static final List<String> COLUMNS =
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
   * The per-customer scores of the buyers, row i for {@code ids.get(i)} (ascending ids).
   *
   * @param pAlive NaN for every customer when BG/NBD could not be fitted (so for the other two)
   */
  record Outcome(
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
      List<Segment> segments) {
    int customers() {
      return ids.size();
    }
  }

  static Outcome run(TesseraConfig config, Store store, Path out, java.util.Set<String> noConsent)
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
   * profiling someone whose row had, say, a bad birth year.
   */
  static final String EXCLUSION_REASON =
      "consent_profiling is false: not profiled, scored or segmented";

  static java.util.Set<String> excluded(Store store, Path out) throws IOException {
    List<String> excluded = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT customer_id FROM customers WHERE consent_profiling = false UNION SELECT"
                    + " trim(raw->>'customer_id') FROM quarantine WHERE source = 'customers' AND"
                    + " lower(trim(raw->>'consent_profiling')) IN ('false', 'no', 'n', '0', 'f')"
                    + " AND coalesce(trim(raw->>'customer_id'), '') <> '' ORDER BY 1")) {
      while (r.next()) {
        excluded.add(r.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "reading consent from the store failed: " + e.getMessage(), e);
    }
    Files.createDirectories(out);
    try (BufferedWriter w =
        Files.newBufferedWriter(out.resolve("excluded_customers.csv"), StandardCharsets.UTF_8)) {
      w.write("customer_id,reason\n");
      for (String id : excluded) {
        w.write(csv(id) + "," + csv(EXCLUSION_REASON) + "\n");
      }
    }
    return new java.util.TreeSet<>(excluded);
  }

  /** The as-of date: the config's, else the day of the last completed order or event. */
  static LocalDate asOf(TesseraConfig config, Store store) {
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
    if (asOf == null) {
      throw new ConfigException(
          "no completed orders were accepted, so there is nothing to score; see data_health.json");
    }
    if (config.asOf() != null) {
      asOf = config.asOf();
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
                "SELECT customer_id, ordered_at::DATE AS day, sum(amount) FROM orders WHERE status"
                    + " = 'completed' GROUP BY ALL ORDER BY customer_id, day")) {
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

    BgNbd bgnbd = null;
    GammaGamma gg = null;
    String clvStatus = "fitted";
    try {
      BgNbd purchases = BgNbd.fit(c);
      GammaGamma spend = GammaGamma.fit(c);
      bgnbd = purchases;
      gg = spend;
    } catch (IllegalArgumentException e) {
      clvStatus = "not fitted: " + e.getMessage();
    }

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
      if (bgnbd != null) {
        CustomerValue v = CustomerValue.of(bgnbd, gg, c, i, unit);
        pAliveOf[i] = v.pAlive();
        clvOf[i] = v.clv365d();
        expectedOf[i] = v.expectedPurchases90d();
      }
    }
    writeRfmModel(out.resolve("models/rfm.json"), rfm, groups, asOf);
    List<Segment> segments =
        rfmSegments(
            groupOf,
            bgnbd == null
                ? new String[] {"recency_days", "frequency", "monetary"}
                : new String[] {"recency_days", "frequency", "monetary", "p_alive", "clv_365d"},
            bgnbd == null
                ? new double[][] {recency, frequency, monetary}
                : new double[][] {recency, frequency, monetary, pAliveOf, clvOf},
            monetary);
    writeClvModel(out.resolve("models/clv.json"), unit, bgnbd, gg, c, clvStatus, asOf, summary);
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
        segments);
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

  static TransactionSummary.TimeUnit timeUnit(TesseraConfig config) {
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

  private static void writeRfmModel(
      Path file, RfmModel rfm, Map<RfmGroup, Integer> groups, LocalDate asOf) throws IOException {
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    root.put("as_of", asOf.toString());
    ObjectNode edges = root.putObject("quintile_edges");
    edges.putPOJO("recency_days", rfm.recencyEdges());
    edges.putPOJO("frequency", rfm.frequencyEdges());
    edges.putPOJO("monetary", rfm.monetaryEdges());
    ObjectNode g = root.putObject("groups");
    for (RfmGroup group : RfmGroup.values()) {
      ObjectNode n = g.putObject(group.id());
      n.putObject("name").put("en", group.english()).put("ko", group.korean());
      n.put("size", groups.getOrDefault(group, 0));
      n.put("journey_stage", group.stage().wireName());
      n.putPOJO("actions", Map.of("en", group.actionsEn(), "ko", group.actionsKo()));
    }
    RunOutputs.JSON.writeValue(file.toFile(), root);
  }

  private static void writeClvModel(
      Path file,
      TransactionSummary.TimeUnit unit,
      BgNbd bgnbd,
      GammaGamma gg,
      RepeatSummary c,
      String status,
      LocalDate asOf,
      TransactionSummary summary)
      throws IOException {
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    root.put("time_unit", unit.name().toLowerCase(Locale.ROOT));
    root.put("calibration_end", asOf.toString());
    root.put("status", status);
    root.put("customers", c.size());
    root.put("repeat_buyers", c.repeatBuyers());
    if (bgnbd != null) {
      root.putObject("bgnbd")
          .put("r", bgnbd.r())
          .put("alpha", bgnbd.alpha())
          .put("a", bgnbd.a())
          .put("b", bgnbd.b())
          .put("log_likelihood", bgnbd.logLikelihood());
      root.putObject("gamma_gamma")
          .put("p", gg.p())
          .put("q", gg.q())
          .put("gamma", gg.gamma())
          .put("log_likelihood", gg.logLikelihood());
      double correlation = correlation(c);
      root.put("frequency_spend_correlation", correlation);
      var warnings = root.putArray("warnings");
      if (Math.abs(correlation) > CORRELATION_WARNING) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "frequency and spend per purchase are correlated (%.2f): Gamma-Gamma assumes they"
                    + " are independent, so clv_365d is less reliable for the most frequent buyers",
                correlation));
      }
    }
    root.put("holdout_length", summary.holdoutLength());
    RunOutputs.JSON.writeValue(file.toFile(), root);
  }

  /**
   * Pearson correlation of frequency and mean spend among repeat buyers (Gamma-Gamma assumes ~0).
   */
  static double correlation(RepeatSummary c) {
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
  static double round6(double v) {
    return Double.isFinite(v) && v != 0
        ? new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue()
        : v;
  }

  /** Six significant digits, no trailing zeros, no exponent: 5, 0.957292, 307.177. */
  static String fmt(double v) {
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
  static final double CORRELATION_WARNING = 0.3;

  static String csv(String v) {
    return v.indexOf(',') < 0 && v.indexOf('"') < 0 ? v : '"' + v.replace("\"", "\"\"") + '"';
  }
}
