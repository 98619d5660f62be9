package io.tessera.report;

import io.tessera.report.PredictionParts.Backtest;
import io.tessera.report.PredictionParts.BacktestWeek;
import io.tessera.report.PredictionParts.CalibrationBin;
import io.tessera.report.PredictionParts.ChurnValidation;
import io.tessera.report.PredictionParts.ClvBox;
import io.tessera.report.PredictionParts.ClvDistribution;
import io.tessera.report.PredictionParts.PAliveCell;
import io.tessera.report.PredictionParts.PAliveHeatmap;
import io.tessera.report.PredictionParts.Predictions;
import io.tessera.report.PredictionParts.RocPoint;
import io.tessera.report.ReportModel.DataHealthSummary;
import io.tessera.report.ReportModel.Feature;
import io.tessera.report.ReportModel.InputSummary;
import io.tessera.report.ReportModel.JourneyStage;
import io.tessera.report.ReportModel.Kpi;
import io.tessera.report.ReportModel.KpiFormat;
import io.tessera.report.ReportModel.ReasonCount;
import io.tessera.report.ReportModel.RfmCell;
import io.tessera.report.ReportModel.RfmGrid;
import io.tessera.report.ReportModel.RunInfo;
import io.tessera.report.ReportModel.SegmentKind;
import io.tessera.report.ReportModel.SegmentRow;
import io.tessera.report.ReportModel.SourceHealth;
import io.tessera.report.ReportModel.Text;
import io.tessera.report.SegmentationParts.KScore;
import io.tessera.report.SegmentationParts.KSelection;
import io.tessera.report.SegmentationParts.MapPoint;
import io.tessera.report.SegmentationParts.SegmentMap;
import io.tessera.segment.rfm.RfmGroup;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A realistic, fixed report model for tests: a Korean home-goods shop with 20,450 customers, six
 * clusters, an RFM grid named by the real {@link RfmGroup} rules, a 2-D map, k-selection curves and
 * (optionally) all prediction sections. Every number is made up but plausible, and seeded, so the
 * same call gives the same model.
 */
final class SampleReport {
  static final String TITLE = "Hanbit Home & Living";
  static final long CUSTOMERS = 20_450;
  static final long SEGMENTED = 20_000;
  static final long EXCLUDED = 450;
  static final double REVENUE = 4_812_350_000.0;

  private SampleReport() {}

  /** The full sample: 2,000 map points and every prediction section. */
  static ReportModel full() {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Builds the sample with a few choices changed. */
  static final class Builder {
    private int mapPoints = 2_000;
    private boolean predictions = true;
    private boolean map = true;
    private boolean kSelection = true;
    private UnaryOperator<String> names = UnaryOperator.identity();

    Builder mapPoints(int n) {
      this.mapPoints = n;
      return this;
    }

    Builder withoutPredictions() {
      this.predictions = false;
      return this;
    }

    Builder withoutMapAndKSelection() {
      this.map = false;
      this.kSelection = false;
      return this;
    }

    /** Rewrites every data string (names, labels, actions, reasons) through {@code f}. */
    Builder names(UnaryOperator<String> f) {
      this.names = f;
      return this;
    }

    ReportModel build() {
      List<SegmentRow> segments = segments();
      return new ReportModel(
          new RunInfo(
              names.apply(TITLE),
              LocalDate.of(2026, 6, 30),
              Instant.parse("2026-07-01T02:15:00Z"),
              "KRW",
              CUSTOMERS,
              SEGMENTED,
              EXCLUDED,
              REVENUE,
              List.of(
                  new InputSummary("customers", names.apply("customers.csv"), 20_512),
                  new InputSummary("orders", names.apply("orders.csv"), 148_930),
                  new InputSummary("events", names.apply("events.csv"), 1_204_577))),
          new DataHealthSummary(
              List.of(
                  new SourceHealth(
                      "customers",
                      20_512,
                      20_450,
                      62,
                      List.of(
                          new ReasonCount(names.apply("duplicate_id"), 41),
                          new ReasonCount("invalid_value", 21))),
                  new SourceHealth(
                      "orders",
                      148_930,
                      147_602,
                      1_328,
                      List.of(
                          new ReasonCount("bad_timestamp", 702),
                          new ReasonCount("negative_amount", 410),
                          new ReasonCount("unknown_currency", 216))),
                  new SourceHealth(
                      "events",
                      1_204_577,
                      1_203_990,
                      587,
                      List.of(new ReasonCount("malformed_row", 587))))),
          rfmGrid(),
          segments,
          map ? map(segments) : null,
          kSelection ? kSelection() : null,
          predictions ? predictions(segments) : null,
          List.of(),
          recommendations(),
          texts(),
          null);
    }

    /** Figures of the shape a generated shop's run gives (models/text.json). */
    private ReportModel.Texts texts() {
      return new ReportModel.Texts(
          4_210,
          388,
          List.of(
              new ReportModel.TextMethod("classifier", 3_120, 0.9412, 0.9507),
              new ReportModel.TextMethod("lexicon", 3_120, 0.6633, null)),
          List.of("Refund please, it arrived damaged. Call me at [phone]"),
          List.of(
              new ReportModel.TextTopic(
                  "en-0",
                  "en",
                  List.of("delivery", "late", "days", "arrived", "courier"),
                  812,
                  -0.31,
                  List.of("Delivery took nine days, mail me at [email]")),
              new ReportModel.TextTopic(
                  "ko-1",
                  "ko",
                  List.of("품질", "재질", "마감", "만족", "제품"),
                  640,
                  0.47,
                  List.of("품질이 정말 좋아요"))),
          List.of(
              new ReportModel.SegmentTexts(
                  "cluster:0", 1_204, 0.38, 0.041, List.of("ko-1", "en-0")),
              new ReportModel.SegmentTexts("cluster:1", 511, -0.22, 0.187, List.of("en-0"))));
    }

    /** Figures of the shape the Online Retail run gives (models/recommend.json). */
    private ReportModel.Recommendations recommendations() {
      return new ReportModel.Recommendations(
          "item_cf",
          true,
          LocalDate.of(2026, 5, 31),
          30,
          749,
          List.of(
              new ReportModel.MethodScore("als", 0.0761, 0.0699, 0.0470, 0.1323),
              new ReportModel.MethodScore("item_cf", 0.0856, 0.0794, 0.0562, 0.3110),
              new ReportModel.MethodScore("popular", 0.0405, 0.0272, 0.0179, 0.0164),
              new ReportModel.MethodScore("segment_popular", 0.0414, 0.0261, 0.0178, 0.0193)),
          List.of(
              new ReportModel.SegmentItems(
                  "cluster:0",
                  List.of(
                      new ReportModel.LiftedItem(names.apply("P-SOFA-3"), 41, 3.2),
                      new ReportModel.LiftedItem(names.apply("P-LAMP-7"), 28, 2.4))),
              new ReportModel.SegmentItems(
                  "cluster:1",
                  List.of(new ReportModel.LiftedItem(names.apply("P-MUG-2"), 120, 1.9)))));
    }

    private Text text(String en, String ko) {
      return new Text(names.apply(en), names.apply(ko));
    }

    private Kpi kpi(String key, String en, String ko, double value, KpiFormat format) {
      return new Kpi(key, text(en, ko), value, format);
    }

    private Feature feature(String key, String en, String ko, double seg, double pop) {
      return new Feature(key, text(en, ko), seg, pop, seg / pop);
    }

    private List<Kpi> kpis(double orders, double aov, double recency, double returns) {
      return List.of(
          kpi("orders_per_customer", "Orders", "주문 수", orders, KpiFormat.NUMBER),
          kpi("avg_order_value", "Avg order", "평균 주문액", aov, KpiFormat.MONEY),
          kpi("recency_days", "Last order", "마지막 주문", recency, KpiFormat.DAYS),
          kpi("return_rate", "Returns", "반품률", returns, KpiFormat.PERCENT));
    }

    private List<SegmentRow> segments() {
      // sizes sum to SEGMENTED (20,000); shares and revenue shares each sum to 1
      return List.of(
          new SegmentRow(
              "cluster:0",
              SegmentKind.CLUSTER,
              text("High-spending loyal buyers", "고액 충성 구매 고객"),
              1_840,
              0.092,
              0.41,
              JourneyStage.RETENTION,
              kpis(9.4, 114_000, 18, 0.031),
              List.of(
                  feature("monetary", "Revenue", "구매 금액", 1_072_000, 240_600),
                  feature("frequency", "Orders", "주문 수", 9.4, 3.0),
                  feature("category_share_furniture", "Furniture share", "가구 비중", 0.38, 0.14)),
              List.of(
                  text("Invite to the loyalty tier with early access", "조기 구매 혜택이 있는 로열티 등급으로 초대"),
                  text("Ask for a review or a referral", "리뷰·추천 요청"))),
          new SegmentRow(
              "cluster:1",
              SegmentKind.CLUSTER,
              text("Frequent bargain hunters", "할인 중심 다빈도 고객"),
              3_920,
              0.196,
              0.22,
              JourneyStage.CONVERSION,
              kpis(5.1, 53_000, 27, 0.064),
              List.of(
                  feature("discount_share", "Orders on discount", "할인 주문 비중", 0.71, 0.29),
                  feature("email_click_rate", "Email click rate", "이메일 클릭률", 0.12, 0.05),
                  feature("avg_order_value", "Avg order", "평균 주문액", 53_000, 71_000)),
              List.of(
                  text("Bundle offers instead of deeper discounts", "추가 할인 대신 묶음 상품 제안"),
                  text("Early access to the seasonal sale", "시즌 세일 사전 공개"))),
          new SegmentRow(
              "cluster:2",
              SegmentKind.CLUSTER,
              text("New browsers", "신규 탐색 고객"),
              4_410,
              0.2205,
              0.06,
              JourneyStage.ACQUISITION,
              kpis(1.1, 58_000, 21, 0.02),
              List.of(
                  feature("pages_per_session", "Pages per session", "세션당 페이지", 11.2, 5.4),
                  feature("tenure_days", "Days since sign-up", "가입 후 경과일", 34, 412),
                  feature("cart_abandonment", "Cart abandonment", "장바구니 이탈률", 0.64, 0.41)),
              List.of(
                  text("Welcome series with onboarding tips", "온보딩 안내가 담긴 웰컴 메시지"),
                  text("Second-purchase coupon within 14 days", "14일 이내 재구매 쿠폰"),
                  text("Remind them of the items left in the cart", "장바구니에 남은 상품 리마인드"))),
          new SegmentRow(
              "cluster:3",
              SegmentKind.CLUSTER,
              text("Lapsed one-time buyers", "이탈한 1회 구매 고객"),
              5_230,
              0.2615,
              0.08,
              JourneyStage.RETENTION,
              kpis(1.0, 74_000, 288, 0.09),
              List.of(
                  feature("recency_days", "Days since last order", "마지막 주문 후 경과일", 288, 121),
                  feature("frequency", "Orders", "주문 수", 1.0, 3.0),
                  feature("email_open_rate", "Email open rate", "이메일 오픈율", 0.04, 0.19)),
              List.of(
                  text("Win-back offer on their first category", "첫 구매 카테고리 중심 재방문 혜택"),
                  text("Stop mailing after two unopened campaigns", "두 번 미오픈 시 발송 중단"))),
          new SegmentRow(
              "cluster:4",
              SegmentKind.CLUSTER,
              text("Steady mid-value regulars", "꾸준한 중간 가치 고객"),
              3_960,
              0.198,
              0.21,
              JourneyStage.RETENTION,
              kpis(3.8, 67_000, 45, 0.04),
              List.of(
                  feature("gap_regularity", "Regular gaps", "구매 주기 규칙성", 0.81, 0.47),
                  feature("frequency", "Orders", "주문 수", 3.8, 3.0),
                  feature("complaints", "Complaints", "불만 접수", 0.02, 0.06)),
              List.of(
                  text("Replenishment reminders on their cycle", "구매 주기에 맞춘 재구매 알림"),
                  text("Cross-sell a complementary category", "연관 카테고리 교차 판매"))),
          new SegmentRow(
              "cluster:5",
              SegmentKind.CLUSTER,
              text("Unusual customers", "특이 고객"),
              640,
              0.032,
              0.02,
              JourneyStage.CONVERSION,
              kpis(2.2, 150_000, 96, 0.27),
              List.of(
                  feature("return_rate", "Return rate", "반품률", 0.27, 0.05),
                  feature("complaints", "Complaints", "불만 접수", 0.41, 0.06),
                  feature("avg_order_value", "Avg order", "평균 주문액", 150_000, 71_000)),
              List.of(
                  text(
                      "Review for fraud or reseller activity before marketing",
                      "마케팅 전 부정·재판매 여부 검토"),
                  text("Route complaints to a senior agent", "불만은 전담 상담원에게 연결"))));
    }

    private RfmGrid rfmGrid() {
      List<RfmCell> cells = new ArrayList<>();
      // counts sum to 20,000: a diagonal-heavy grid as real shops show (recent customers buy
      // more often), shaped by hand
      long[][] counts = {
        {2_100, 1_310, 520, 240, 130}, // R=1
        {1_650, 1_180, 610, 330, 190}, // R=2
        {1_020, 910, 780, 560, 390}, // R=3
        {640, 700, 820, 900, 840}, // R=4
        {1_480, 390, 540, 930, 1_320} // R=5
      };
      for (int r = 1; r <= 5; r++) {
        for (int f = 1; f <= 5; f++) {
          // where the monetary score splits a cell (R>=4, F>=4), most customers have M>=4: VIP
          RfmGroup g = RfmGroup.of(r, f, r >= 4 && f >= 4 ? 4 : 3);
          cells.add(new RfmCell(r, f, counts[r - 1][f - 1], g.id(), text(g.english(), g.korean())));
        }
      }
      return new RfmGrid(cells);
    }

    private SegmentMap map(List<SegmentRow> segments) {
      Random random = new Random(7);
      double[][] centres = {
        {3.2, 2.1}, {1.4, -1.6}, {-2.3, 1.2}, {-3.1, -2.0}, {0.6, 0.4}, {4.5, -3.4}
      };
      double[] spread = {0.55, 0.7, 0.8, 0.75, 0.65, 1.3};
      List<MapPoint> points = new ArrayList<>(mapPoints);
      for (int i = 0; i < mapPoints; i++) {
        // segment drawn in proportion to its share
        double u = random.nextDouble();
        int s = 0;
        for (double acc = segments.get(0).share(); u > acc && s < segments.size() - 1; ) {
          acc += segments.get(++s).share();
        }
        points.add(
            new MapPoint(
                round(centres[s][0] + spread[s] * random.nextGaussian()),
                round(centres[s][1] + spread[s] * random.nextGaussian()),
                segments.get(s).id()));
      }
      return new SegmentMap("PCA", points);
    }

    private static KSelection kSelection() {
      // shaped like real curves: silhouette and Calinski-Harabasz peak at 6, Davies-Bouldin dips
      return new KSelection(
          List.of(
              new KScore(2, 0.31, 5_120, 1.31),
              new KScore(3, 0.33, 5_480, 1.18),
              new KScore(4, 0.36, 6_030, 1.04),
              new KScore(5, 0.38, 6_410, 0.97),
              new KScore(6, 0.41, 6_880, 0.86),
              new KScore(7, 0.37, 6_520, 0.93),
              new KScore(8, 0.35, 6_190, 1.01),
              new KScore(9, 0.33, 5_930, 1.07),
              new KScore(10, 0.32, 5_700, 1.12)),
          6);
    }

    private static Predictions predictions(List<SegmentRow> segments) {
      double[][] clv = {
        {52_000, 410_000, 690_000, 1_050_000, 2_900_000, 780_000},
        {18_000, 120_000, 210_000, 330_000, 980_000, 245_000},
        {4_000, 22_000, 41_000, 76_000, 420_000, 57_000},
        {0, 3_000, 9_000, 21_000, 160_000, 16_000},
        {21_000, 140_000, 230_000, 350_000, 870_000, 262_000},
        {0, 15_000, 48_000, 130_000, 1_400_000, 112_000}
      };
      List<ClvBox> boxes = new ArrayList<>();
      for (int i = 0; i < segments.size(); i++) {
        double[] q = clv[i];
        boxes.add(
            new ClvBox(
                segments.get(i).id(), segments.get(i).size(), q[0], q[1], q[2], q[3], q[4], q[5]));
      }
      List<String> recency = List.of("0–30", "31–90", "91–180", "181–365", "366+");
      List<String> frequency = List.of("0", "1", "2–3", "4–7", "8+");
      List<PAliveCell> cells = new ArrayList<>();
      for (int r = 0; r < recency.size(); r++) {
        for (int f = 0; f < frequency.size(); f++) {
          // BG/NBD's shape: frequent buyers who went quiet are the likeliest to be gone
          double p = f == 0 ? 1.0 : Math.max(0.02, 1.0 - r * (0.08 + 0.05 * f));
          cells.add(new PAliveCell(r, f, round(p), 200 + 37L * ((r * 7 + f * 3) % 11)));
        }
      }
      List<RocPoint> roc = new ArrayList<>();
      for (int i = 0; i <= 50; i++) {
        // tpr = fpr^0.2 has AUC = 1/1.2 = 0.833 (integral of x^0.2 over [0, 1])
        double fpr = i / 50.0;
        roc.add(new RocPoint(fpr, round(Math.pow(fpr, 0.2))));
      }
      List<CalibrationBin> calibration = new ArrayList<>();
      double[] observed = {0.04, 0.13, 0.27, 0.33, 0.46, 0.52, 0.68, 0.71, 0.83, 0.94};
      for (int i = 0; i < 10; i++) {
        calibration.add(new CalibrationBin(0.05 + 0.1 * i, observed[i], 2_400 - 190L * i));
      }
      List<BacktestWeek> weeks = new ArrayList<>();
      Random random = new Random(11);
      LocalDate start = LocalDate.of(2025, 7, 7);
      for (int w = 0; w < 52; w++) {
        double expected =
            410 + 60 * Math.sin(w / 52.0 * 2 * Math.PI) + (w > 30 ? -1.5 * (w - 30) : 0);
        weeks.add(
            new BacktestWeek(
                start.plusWeeks(w),
                Math.round(expected + 28 * random.nextGaussian()),
                round(expected)));
      }
      return new Predictions(
          new ClvDistribution(365, boxes),
          new PAliveHeatmap(recency, frequency, cells),
          new ChurnValidation("xgboost", 0.833, List.of(0.81, 0.856), roc, calibration),
          new Backtest(LocalDate.of(2026, 1, 31), weeks, 0.71));
    }

    private static double round(double x) {
      return Math.round(x * 1000) / 1000.0;
    }
  }
}
