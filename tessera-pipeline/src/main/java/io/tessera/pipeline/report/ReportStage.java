package io.tessera.pipeline.report;

import io.tessera.ingest.DataHealth;
import io.tessera.pipeline.identity.IdentityCurve;
import io.tessera.pipeline.outputs.Skipped;
import io.tessera.pipeline.recommend.RecommendReport;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.Clusters;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.pipeline.text.TextReport;
import io.tessera.pipeline.text.TextStage;
import io.tessera.report.HtmlReport;
import io.tessera.report.Lang;
import io.tessera.report.ReportModel;
import io.tessera.segment.Segment;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.store.Ingestor;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the report's model from the run's results and writes report.html. */
public final class ReportStage {
  private ReportStage() {}

  public static Path write(
      Path out,
      Lang lang,
      TesseraConfig config,
      LocalDate asOf,
      DataHealth health,
      Map<String, Ingestor.Input> inputs,
      int excluded,
      CustomerStage.Outcome rfm,
      SegmentStage.Outcome clusters,
      io.tessera.predict.churn.ChurnReport churnReport,
      io.tessera.pipeline.recommend.RecommendStage.Result recommend,
      TextStage.Outcome texts,
      com.fasterxml.jackson.databind.JsonNode identity,
      List<Skipped> skipped)
      throws IOException {
    ReportModel model =
        model(config, asOf, health, inputs, excluded, rfm, clusters, churnReport, skipped);
    model = model.withRecommendations(RecommendReport.of(recommend, model.segments()));
    model = model.withTexts(TextReport.of(texts, model.segments()));
    model = model.withIdentity(IdentityCurve.of(identity));
    return HtmlReport.write(model, lang, out.resolve("report.html"));
  }

  public static ReportModel model(
      TesseraConfig config,
      LocalDate asOf,
      DataHealth health,
      Map<String, Ingestor.Input> inputs,
      int excluded,
      CustomerStage.Outcome rfm,
      SegmentStage.Outcome clusters,
      io.tessera.predict.churn.ChurnReport churnReport,
      List<Skipped> skipped)
      throws IOException {
    long segmented = clusters != null ? clusters.ids().size() : rfm.ids().size();
    if (clusters != null && !clusters.clustered()) {
      clusters = null;
    }
    double totalRevenue = rfm == null ? 0 : Arrays.stream(rfm.monetary()).sum();
    List<ReportModel.InputSummary> inputSummaries = new ArrayList<>();
    inputs.forEach(
        (source, in) ->
            inputSummaries.add(new ReportModel.InputSummary(source, in.location(), in.rows())));
    ReportModel.RunInfo run =
        new ReportModel.RunInfo(
            "Tessera",
            asOf,
            Instant.now(),
            config.currency(),
            segmented + excluded,
            segmented,
            excluded,
            totalRevenue,
            inputSummaries);

    Map<String, Integer> rfmRow = new HashMap<>();
    if (rfm != null) {
      for (int i = 0; i < rfm.ids().size(); i++) {
        rfmRow.put(rfm.ids().get(i), i);
      }
    }
    List<ReportModel.SegmentRow> rows = segmentRows(rfm, clusters, rfmRow);

    ReportModel.SegmentMap map = clusters == null ? null : segmentMap(clusters);
    ReportModel.KSelection kSelection = clusters == null ? null : kSelection(clusters.clustering());
    ReportModel.Predictions predictions = rfm == null ? null : predictions(rfm, clusters, rfmRow);
    ReportModel.ChurnValidation churn = null;
    ReportModel.Backtest backtest = null;
    if (churnReport != null) {
      churn = churnValidation(churnReport);
      backtest = backtest(churnReport.backtest(), asOf);
    }
    if (churn != null || backtest != null) {
      predictions =
          new ReportModel.Predictions(
              predictions == null ? null : predictions.clv(),
              predictions == null ? null : predictions.pAlive(),
              churn,
              backtest);
    }
    return new ReportModel(
        run,
        ReportModel.DataHealthSummary.from(health, 3),
        rfm == null || rfm.ids().isEmpty() ? null : rfmGrid(rfm),
        rows,
        map,
        kSelection,
        predictions,
        skipped.stream().map(x -> new ReportModel.SkippedStage(x.stage(), reasonText(x))).toList());
  }

  /** The report's segment rows: the RFM groups, then the clusters, with their KPIs. */
  private static List<ReportModel.SegmentRow> segmentRows(
      CustomerStage.Outcome rfm, SegmentStage.Outcome clusters, Map<String, Integer> rfmRow) {
    List<ReportModel.SegmentRow> rows = new ArrayList<>();
    if (rfm != null) {
      RfmGroup[] groupOf = new RfmGroup[rfm.ids().size()];
      for (int i = 0; i < groupOf.length; i++) {
        groupOf[i] = rfm.scores()[i].group();
      }
      Map<RfmGroup, Integer> visitors = new java.util.EnumMap<>(RfmGroup.class);
      rfm.visitors().values().forEach(g -> visitors.merge(g, 1, Integer::sum));
      for (Segment s : rfm.segments()) {
        RfmGroup g =
            Arrays.stream(RfmGroup.values())
                .filter(x -> s.id().equals("rfm:" + x.id()))
                .findFirst()
                .orElseThrow();
        rows.add(
            ReportModel.SegmentRow.from(
                s, kpis(rfm, i -> groupOf[i] == g, visitors.getOrDefault(g, 0)), 3));
      }
    }
    if (clusters != null) {
      for (int c = 0; c < clusters.segments().size(); c++) {
        Segment s = clusters.segments().get(c);
        if (s.size() == 0) {
          continue;
        }
        int label = c;
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < clusters.labels().length; i++) {
          if (clusters.labels()[i] == label) {
            Integer r = rfmRow.get(clusters.ids().get(i));
            if (r != null) {
              members.add(r);
            }
          }
        }
        java.util.Set<Integer> in = new java.util.HashSet<>(members);
        rows.add(
            ReportModel.SegmentRow.from(
                s, rfm == null ? List.of() : kpis(rfm, in::contains, 0), 3));
      }
    }
    return rows;
  }

  /** The clusters' map (at most {@link ReportModel#MAX_MAP_POINTS} points), or null. */
  private static ReportModel.SegmentMap segmentMap(SegmentStage.Outcome clusters) {
    Clusters.Fit fit = clusters.clustering();
    if (fit.map() == null) {
      return null;
    }
    List<ReportModel.MapPoint> points = new ArrayList<>();
    for (var p : fit.map().points()) {
      if (points.size() < ReportModel.MAX_MAP_POINTS) {
        points.add(
            new ReportModel.MapPoint(
                p.x(), p.y(), clusters.segments().get(clusters.labels()[p.row()]).id()));
      }
    }
    return new ReportModel.SegmentMap(fit.map().method(), points);
  }

  /** The scores of each k tried, or null when k was given. */
  private static ReportModel.KSelection kSelection(Clusters.Fit fit) {
    if (fit.kScores().isEmpty()) {
      return null;
    }
    return new ReportModel.KSelection(
        fit.kScores().stream()
            .map(
                k ->
                    new ReportModel.KScore(
                        k.k(), k.silhouette(), k.calinskiHarabasz(), k.daviesBouldin()))
            .toList(),
        fit.chosenK());
  }

  /**
   * A skipped stage's reason in both languages: the Korean names the stage and keeps the stage's
   * own (English) detail, which names files, columns and settings a reader acts on.
   */
  public static ReportModel.Text reasonText(Skipped s) {
    String ko =
        switch (s.stage()) {
          case "rfm" -> "RFM 그룹을 만들지 않았습니다";
          case "clv" -> "고객 생애 가치를 계산하지 않았습니다";
          case "clustering" -> "클러스터링을 하지 않았습니다";
          case "churn" -> "이탈 예측 모델을 학습하지 않았습니다";
          case "recommend" -> "상품 추천을 만들지 않았습니다";
          default -> "건너뛰었습니다";
        };
    return new ReportModel.Text(s.reason(), ko + " (" + s.reason() + ")");
  }

  /** The churn section from the stage's report, or null when no model was fitted. */
  public static ReportModel.ChurnValidation churnValidation(
      io.tessera.predict.churn.ChurnReport report) {
    var fit = report.fit();
    if (!"fitted".equals(report.status()) || fit == null) {
      return null;
    }
    List<ReportModel.RocPoint> roc = new ArrayList<>();
    for (var p : fit.roc()) {
      roc.add(new ReportModel.RocPoint(p.fpr(), p.tpr()));
    }
    List<ReportModel.CalibrationBin> bins = new ArrayList<>();
    for (var b : fit.calibration().bins()) {
      if (b.count() > 0) {
        bins.add(new ReportModel.CalibrationBin(b.predictedMean(), b.observedRate(), b.count()));
      }
    }
    List<Double> ci = fit.cv().rocAucCi95();
    if (ci == null) {
      // a churn.json written before the interval was: its area and counts give it
      double[] c =
          io.tessera.predict.churn.ChurnMetrics.rocAucInterval95(
              fit.cv().rocAuc(), fit.cv().positives(), fit.cv().rows() - fit.cv().positives());
      ci = List.of(c[0], c[1]);
    }
    return new ReportModel.ChurnValidation(fit.model(), fit.cv().rocAuc(), ci, roc, bins);
  }

  /** The backtest section from the churn report's backtest, or null when there was none. */
  public static ReportModel.Backtest backtest(
      io.tessera.predict.churn.ChurnReport.Backtest bt, LocalDate asOf) {
    if (bt == null || !"done".equals(bt.status()) || bt.weeks() == null) {
      return null;
    }
    List<ReportModel.BacktestWeek> weeks = new ArrayList<>();
    for (var w : bt.weeks()) {
      weeks.add(new ReportModel.BacktestWeek(w.weekStart(), w.actual(), w.expected()));
    }
    return new ReportModel.Backtest(asOf, weeks, bt.maePerCustomer());
  }

  /**
   * A segment's key figures over its buyers; {@code visitors} members without a purchase count in
   * the revenue per customer (with none), not in the purchase figures.
   */
  private static List<ReportModel.Kpi> kpis(
      CustomerStage.Outcome rfm, java.util.function.IntPredicate member, int visitors) {
    double revenue = 0;
    double recency = 0;
    double frequency = 0;
    double clv = 0;
    int clvN = 0;
    int n = 0;
    for (int i = 0; i < rfm.ids().size(); i++) {
      if (member.test(i)) {
        n++;
        revenue += rfm.monetary()[i];
        recency += rfm.recency()[i];
        frequency += rfm.frequency()[i];
        if (Double.isFinite(rfm.clv365()[i])) {
          clv += rfm.clv365()[i];
          clvN++;
        }
      }
    }
    List<ReportModel.Kpi> out = new ArrayList<>();
    if (n + visitors > 0) {
      out.add(
          new ReportModel.Kpi(
              "avg_revenue",
              new ReportModel.Text("Revenue per customer", "고객당 매출"),
              revenue / (n + visitors),
              ReportModel.KpiFormat.MONEY));
    }
    if (n == 0) {
      return out;
    }
    out.add(
        new ReportModel.Kpi(
            "avg_recency_days",
            new ReportModel.Text("Days since last purchase", "마지막 구매 후 일수"),
            recency / n,
            ReportModel.KpiFormat.DAYS));
    out.add(
        new ReportModel.Kpi(
            "avg_frequency",
            new ReportModel.Text("Purchases per customer", "고객당 구매 횟수"),
            frequency / n,
            ReportModel.KpiFormat.NUMBER));
    if (clvN > 0) {
      out.add(
          new ReportModel.Kpi(
              "avg_clv_365d",
              new ReportModel.Text("Predicted 12-month value", "예상 12개월 가치"),
              clv / clvN,
              ReportModel.KpiFormat.MONEY));
    }
    return out;
  }

  private static ReportModel.RfmGrid rfmGrid(CustomerStage.Outcome rfm) {
    long[][] counts = new long[6][6];
    Map<Integer, Map<RfmGroup, Integer>> cellGroups = new HashMap<>();
    if (rfm != null) {
      for (var s : rfm.scores()) {
        counts[s.r()][s.f()]++;
        cellGroups
            .computeIfAbsent(s.r() * 10 + s.f(), k -> new java.util.EnumMap<>(RfmGroup.class))
            .merge(s.group(), 1, Integer::sum);
      }
    }
    List<ReportModel.RfmCell> cells = new ArrayList<>();
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        Map<RfmGroup, Integer> gs = cellGroups.get(r * 10 + f);
        RfmGroup g =
            gs == null
                ? RfmGroup.of(r, f, 3)
                : gs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        cells.add(
            new ReportModel.RfmCell(
                r, f, counts[r][f], g.id(), new ReportModel.Text(g.english(), g.korean())));
      }
    }
    return new ReportModel.RfmGrid(cells);
  }

  private static ReportModel.Predictions predictions(
      CustomerStage.Outcome rfm, SegmentStage.Outcome clusters, Map<String, Integer> rfmRow) {
    if (rfm.ids().isEmpty() || !Double.isFinite(rfm.pAlive()[0])) {
      return null;
    }
    List<ReportModel.ClvBox> boxes = new ArrayList<>();
    if (clusters != null) {
      for (int c = 0; c < clusters.segments().size(); c++) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < clusters.labels().length; i++) {
          Integer r = rfmRow.get(clusters.ids().get(i));
          if (clusters.labels()[i] == c && r != null && Double.isFinite(rfm.clv365()[r])) {
            values.add(rfm.clv365()[r]);
          }
        }
        if (!values.isEmpty()) {
          boxes.add(box(clusters.segments().get(c).id(), values));
        }
      }
    } else {
      for (Segment s : rfm.segments()) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < rfm.ids().size(); i++) {
          if (("rfm:" + rfm.scores()[i].group().id()).equals(s.id())) {
            values.add(rfm.clv365()[i]);
          }
        }
        if (!values.isEmpty()) {
          boxes.add(box(s.id(), values));
        }
      }
    }
    // P(alive) by recency and frequency score: the recency x frequency picture of BG/NBD.
    List<String> bins = List.of("1", "2", "3", "4", "5");
    double[][] sum = new double[5][5];
    long[][] count = new long[5][5];
    for (int i = 0; i < rfm.ids().size(); i++) {
      var s = rfm.scores()[i];
      sum[s.r() - 1][s.f() - 1] += rfm.pAlive()[i];
      count[s.r() - 1][s.f() - 1]++;
    }
    List<ReportModel.PAliveCell> cells = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      for (int f = 0; f < 5; f++) {
        if (count[r][f] > 0) {
          cells.add(
              new ReportModel.PAliveCell(
                  r, f, Math.min(1, Math.max(0, sum[r][f] / count[r][f])), count[r][f]));
        }
      }
    }
    return new ReportModel.Predictions(
        new ReportModel.ClvDistribution(365, boxes, rfm.clvMethod(), rfm.clvWarnings()),
        new ReportModel.PAliveHeatmap(bins, bins, cells),
        null,
        null);
  }

  private static ReportModel.ClvBox box(String id, List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double mean = Arrays.stream(v).average().orElse(0);
    return new ReportModel.ClvBox(
        id, v.length, v[0], q(v, 0.25), q(v, 0.5), q(v, 0.75), v[v.length - 1], mean);
  }

  private static double q(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
