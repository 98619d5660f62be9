package io.tessera.segment.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.contract.CustomerId;
import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import io.tessera.profile.ProfileField.Kind;
import io.tessera.segment.DistinguishingFeature;
import io.tessera.segment.Segment;
import io.tessera.segment.rfm.RfmGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentDescriberTest {
  /**
   * Three planted groups of 100: big spenders who buy often; lapsed customers who last bought long
   * ago; cart abandoners with a missing spend (never bought).
   */
  private static SegmentDescriber.Input planted() {
    int n = 300;
    SplittableRandom random = new SplittableRandom(7);
    List<CustomerId> ids = new ArrayList<>();
    double[] monetary = new double[n];
    double[] frequency = new double[n];
    double[] recency = new double[n];
    double[] abandonment = new double[n];
    int[] labels = new int[n];
    double[] revenue = new double[n];
    RfmGroup[] groups = new RfmGroup[n];
    for (int i = 0; i < n; i++) {
      ids.add(CustomerId.of(String.format("c%04d", i)));
      int g = i / 100;
      labels[i] = g;
      switch (g) {
        case 0 -> {
          monetary[i] = 2000 + random.nextDouble() * 500;
          frequency[i] = 20 + random.nextInt(5);
          recency[i] = 5 + random.nextInt(10);
          abandonment[i] = 0.1 * random.nextDouble();
          groups[i] = RfmGroup.VIP;
        }
        case 1 -> {
          monetary[i] = 150 + random.nextDouble() * 50;
          frequency[i] = 2 + random.nextInt(2);
          recency[i] = 300 + random.nextInt(60);
          abandonment[i] = 0.1 * random.nextDouble();
          groups[i] = RfmGroup.LOST;
        }
        default -> {
          monetary[i] = Double.NaN;
          frequency[i] = 0;
          recency[i] = Double.NaN;
          abandonment[i] = 0.8 + 0.2 * random.nextDouble();
          groups[i] = null;
        }
      }
      revenue[i] = Double.isNaN(monetary[i]) ? 0 : monetary[i];
    }
    FeatureMatrix raw =
        FeatureMatrix.of(
            ids,
            List.of("monetary", "frequency", "recency_days", "cart_abandonment_rate"),
            List.of(Kind.MONEY, Kind.COUNT, Kind.DAYS, Kind.RATE),
            new double[][] {monetary, frequency, recency, abandonment});
    FeatureMatrix scaled = FeatureTransform.fit(raw, TransformOptions.DEFAULT).matrix();
    return new SegmentDescriber.Input(
        Segment.Kind.CLUSTER,
        List.of("cluster:0", "cluster:1", "cluster:2"),
        labels,
        Map.of(),
        raw,
        scaled,
        revenue,
        groups);
  }

  @Test
  void segmentsShouldBeNamedAfterTheirStrongestTraitsInBothLanguages() {
    SegmentDescriber.Described d = SegmentDescriber.describe(planted());
    List<Segment> s = d.segments();
    assertThat(s).hasSize(3);
    // named after its two strongest traits, in order
    List<DistinguishingFeature> top = s.get(0).distinguishingFeatures().subList(0, 2);
    Segment.Text expected =
        SegmentName.join(
            top.stream()
                .map(f -> SegmentName.of(f.feature(), f.standardizedDifference() > 0).orElseThrow())
                .toList());
    assertThat(s.get(0).name()).isEqualTo(expected);
    assertThat(top)
        .extracting(DistinguishingFeature::feature)
        .isSubsetOf("monetary", "frequency", "recency_days");
    assertThat(s.get(0).name().ko()).endsWith("고객");
    assertThat(s.get(1).name().en()).containsIgnoringCase("long-lapsed");
    assertThat(s.get(2).name().en()).contains("who have never bought");
    assertThat(s.get(2).name().ko()).contains("구매 이력이 없");
    assertThat(s.stream().map(x -> x.name().en()).distinct()).hasSize(3);
  }

  @Test
  void namesShouldReadAsAMarketerWouldWriteThem() {
    java.util.Set<String> none = java.util.Set.of();
    // the example: "never-purchasing, no days since last activity data customers"
    Segment.Text never =
        SegmentDescriber.uniqueName(
            List.of(
                feature("recency_days_missing", 2.0),
                feature("days_since_last_activity_missing", 1.5)),
            none);
    assertThat(never)
        .isEqualTo(
            new Segment.Text(
                "Customers who have never bought, with no recorded activity",
                "구매 이력이 없고 활동 기록이 없는 고객"));
    // an adjective before "customers", a clause after; Korean joins with -고
    assertThat(
            SegmentDescriber.uniqueName(
                List.of(
                    feature("cart_abandonment_rate", 1.8), feature("recency_days_missing", 1.2)),
                none))
        .isEqualTo(
            new Segment.Text(
                "Cart-abandoning customers who have never bought", "장바구니를 자주 버리고 구매 이력이 없는 고객"));
    // two clauses with the same lead share it
    assertThat(
            SegmentDescriber.uniqueName(
                    List.of(feature("sessions", 1.8), feature("recency_days_missing", 1.2)), none)
                .en())
        .isEqualTo("Customers who visit often and have never bought");
    // one concept once: long-lapsed and dormant say the same, so the next trait is used
    assertThat(
            SegmentDescriber.uniqueName(
                List.of(
                    feature("recency_days", 2.0),
                    feature("days_since_last_activity", 1.9),
                    feature("frequency", -1.0)),
                none))
        .isEqualTo(new Segment.Text("Long-lapsed, occasional customers", "오래 구매하지 않았고 가끔 구매하는 고객"));
    // a customer who never bought has no basket size or discount habit to name
    assertThat(
            SegmentDescriber.uniqueName(
                    List.of(
                        feature("recency_days_missing", 2.0),
                        feature("avg_order_value", -1.5),
                        feature("discount_propensity", -1.2),
                        feature("days_since_first_activity", -1.0)),
                    none)
                .en())
        .isEqualTo("Newly arrived customers who have never bought");
    // a customers-file column and a category share
    assertThat(
            SegmentDescriber.uniqueName(
                List.of(
                    feature("attribute:monthly_charges", 1.4),
                    feature("category_share:books", 1.0)),
                none))
        .isEqualTo(
            new Segment.Text(
                "Customers with high monthly charges, who buy a lot of books",
                "monthly charges 높고 books 구매 비중이 높은 고객"));
  }

  private static DistinguishingFeature feature(String name, double standardizedDifference) {
    return new DistinguishingFeature(name, 1, 1, 1, standardizedDifference);
  }

  @Test
  void sizesSharesAndRevenueSharesShouldAddUp() {
    List<Segment> s = SegmentDescriber.describe(planted()).segments();
    assertThat(s).extracting(Segment::size).containsExactly(100L, 100L, 100L);
    assertThat(s.stream().mapToDouble(Segment::share).sum()).isCloseTo(1.0, within());
    assertThat(s.stream().mapToDouble(Segment::revenueShare).sum()).isCloseTo(1.0, within());
    assertThat(s.get(0).revenueShare()).isGreaterThan(0.8);
    assertThat(s.get(2).revenueShare()).isZero();
  }

  @Test
  void distinguishingFeaturesShouldShowRawMeansStrongestFirst() {
    Segment vip = SegmentDescriber.describe(planted()).segments().get(0);
    List<DistinguishingFeature> f = vip.distinguishingFeatures();
    double[] strengths =
        f.stream().mapToDouble(x -> Math.abs(x.standardizedDifference())).toArray();
    double[] sorted = strengths.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertThat(strengths[i]).isEqualTo(sorted[sorted.length - 1 - i]);
    }
    DistinguishingFeature monetary =
        f.stream().filter(x -> x.feature().equals("monetary")).findFirst().orElseThrow();
    // raw means, over the customers who have a value (the never-buyers' NaN does not count)
    assertThat(monetary.segmentValue()).isBetween(2000.0, 2500.0);
    assertThat(monetary.populationValue()).isBetween(1075.0, 1350.0);
    assertThat(monetary.lift())
        .isCloseTo(monetary.segmentValue() / monetary.populationValue(), within());
  }

  @Test
  void stagesAndActionsShouldFollowTheMembers() {
    List<Segment> s = SegmentDescriber.describe(planted()).segments();
    assertThat(s.get(0).journeyStage()).isEqualTo(RfmGroup.VIP.stage().wireName());
    assertThat(s.get(2).journeyStage()).isEqualTo("acquisition");
    for (Segment x : s) {
      assertThat(x.actions()).hasSizeBetween(1, 3);
    }
    assertThat(s.get(2).actions())
        .extracting(Segment.Text::en)
        .anyMatch(a -> a.contains("cart reminder") || a.contains("first-purchase"));
  }

  @Test
  void everyCustomerShouldGetReasonsTheyShareWithTheirSegment() {
    SegmentDescriber.Described d = SegmentDescriber.describe(planted());
    assertThat(d.reasons()).hasSize(300);
    assertThat(d.reasons().get(0)).contains("high-spending (monetary ");
    assertThat(d.reasons().get(150)).contains("long-lapsed (recency_days ");
    assertThat(d.reasons().get(250)).contains("cart-abandoning");
    // a reason is never a trait the customer does not have
    assertThat(d.reasons().subList(0, 100)).noneMatch(r -> r.contains("long-lapsed"));
  }

  @Test
  void aLabelOutsideTheSegmentsShouldBeRejected() {
    SegmentDescriber.Input ok = planted();
    int[] bad = ok.labels().clone();
    bad[5] = 3;
    assertThatThrownBy(
            () ->
                new SegmentDescriber.Input(
                    ok.kind(),
                    ok.ids(),
                    bad,
                    Map.of(),
                    ok.display(),
                    ok.scaled(),
                    ok.revenue(),
                    ok.rfm()))
        .hasMessageContaining("label 3 outside 0..2");
  }

  @Test
  void namesShouldStayUniqueWhenTraitsRepeat() {
    DistinguishingFeature f = new DistinguishingFeature("monetary", 10, 1, 10, 2.0);
    DistinguishingFeature g = new DistinguishingFeature("frequency", 10, 1, 10, 1.5);
    java.util.Set<String> used = new java.util.HashSet<>();
    var first = SegmentDescriber.uniqueName(List.of(f, g), used);
    used.add(first.en());
    var second = SegmentDescriber.uniqueName(List.of(f, g), used);
    assertThat(second.en())
        .isNotEqualTo(first.en())
        .startsWith(first.en().replace(" customers", ""));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }
}
