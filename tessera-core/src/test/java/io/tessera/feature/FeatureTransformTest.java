package io.tessera.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tessera.contract.CustomerId;
import io.tessera.profile.ProfileField.Kind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureTransformTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 7, 1);

  private static List<CustomerId> ids(int n) {
    List<CustomerId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(CustomerId.of(String.format("c%03d", i)));
    }
    return ids;
  }

  @Test
  void shouldImputeWithTheMedianAddAnIndicatorAndScaleByTheIqr() {
    FeatureMatrix m =
        FeatureMatrix.of(
            ids(5),
            List.of("score"),
            List.of(Kind.SCORE),
            new double[][] {{1, 2, 3, 4, Double.NaN}});
    TransformOptions noClip =
        TransformOptions.DEFAULT.withWinsor(0, 1).withScale(TransformOptions.Scale.IQR);
    FeatureTransform.Fitted fitted = FeatureTransform.fit(m, noClip);
    // hand computation: fill = median(1, 2, 3, 4) = 2.5; column after imputation 1, 2, 3, 4, 2.5;
    // its median 2.5; type-7 quartiles of 1, 2, 2.5, 3, 4 are 2 and 3, so IQR = 1
    ColumnTransform c = fitted.transform().columns().getFirst();
    assertThat(c.fill()).isEqualTo(2.5);
    assertThat(c.center()).isEqualTo(2.5);
    assertThat(c.scale()).isEqualTo(1.0);
    assertThat(c.scaleFrom()).isEqualTo("iqr");
    assertThat(fitted.matrix().names()).containsExactly("score", "score_missing");
    assertThat(fitted.matrix().column("score")).containsExactly(-1.5, -0.5, 0.5, 1.5, 0.0);
    assertThat(fitted.matrix().column("score_missing")).containsExactly(0, 0, 0, 0, 1);
  }

  @Test
  void byDefaultShouldStandardiseByTheMeanAndSampleStandardDeviation() {
    FeatureMatrix m =
        FeatureMatrix.of(
            ids(4), List.of("score"), List.of(Kind.SCORE), new double[][] {{1, 2, 3, 10}});
    ColumnTransform c =
        FeatureTransform.fit(m, TransformOptions.DEFAULT.withWinsor(0, 1))
            .transform()
            .columns()
            .getFirst();
    // mean 4; squared deviations 9 + 4 + 1 + 36 = 50 over n - 1 = 3
    assertThat(c.center()).isEqualTo(4.0);
    assertThat(c.scale()).isCloseTo(Math.sqrt(50.0 / 3), within(1e-12));
    assertThat(c.scaleFrom()).isEqualTo("sd");
  }

  @Test
  void forClusteringAnIndicatorThatRepeatsAnotherColumnShouldBeLeftOut() {
    double nan = Double.NaN;
    // basket size is missing exactly where orders are 0; the survey is missing elsewhere
    FeatureMatrix m =
        FeatureMatrix.of(
            ids(5),
            List.of("frequency", "avg_order_value", "attribute:survey"),
            List.of(Kind.COUNT, Kind.MONEY, Kind.SCORE),
            new double[][] {{0, 2, 0, 1, 3}, {nan, 30, nan, 12, 50}, {nan, 1, 2, 3, 4}});
    FeatureTransform.Fitted clustering = FeatureTransform.fit(m, TransformOptions.CLUSTERING);
    assertThat(clustering.matrix().names())
        .containsExactly(
            "frequency", "avg_order_value", "attribute:survey", "attribute:survey_missing");
    assertThat(FeatureTransform.impliedBy(m, 1)).isEqualTo("frequency");
    assertThat(FeatureTransform.impliedBy(m, 2)).isNull();
    // the general default keeps every indicator
    assertThat(FeatureTransform.fit(m, TransformOptions.DEFAULT).matrix().names())
        .contains("avg_order_value_missing", "attribute:survey_missing");
  }

  @Test
  void aTransformWrittenBeforeTheScaleOptionShouldReadAsIqrScaling() {
    FeatureMatrix m =
        FeatureMatrix.of(ids(3), List.of("a"), List.of(Kind.SCORE), new double[][] {{1, 2, 3}});
    String json =
        FeatureTransform.fit(m, TransformOptions.DEFAULT.withScale(TransformOptions.Scale.IQR))
            .transform()
            .toJson();
    String old = json.replace("\"scale\" : \"iqr\"", "\"robust_scale\" : true");
    assertThat(old).contains("robust_scale").doesNotContain("\"scale\" : \"iqr\"");
    FeatureTransform read = FeatureTransform.fromJson(old);
    assertThat(read.options().scale()).isEqualTo(TransformOptions.Scale.IQR);
    assertThat(read.apply(new double[] {3})[0]).isCloseTo(1.0, within(1e-12));
    assertThat(read.columns().getFirst().scaleFrom()).isEqualTo("iqr");
  }

  @Test
  void shouldWinsoriseAtTypeSevenQuantilesAndLogCounts() {
    double[] v = new double[101];
    for (int i = 0; i <= 100; i++) {
      v[i] = i;
    }
    FeatureMatrix m =
        FeatureMatrix.of(ids(101), List.of("orders"), List.of(Kind.COUNT), new double[][] {v});
    FeatureTransform t =
        FeatureTransform.fit(
                m,
                TransformOptions.DEFAULT
                    .withWinsor(0.05, 0.95)
                    .withScale(TransformOptions.Scale.NONE))
            .transform();
    ColumnTransform c = t.columns().getFirst();
    // type 7 on 0..100: the p quantile is 100 p exactly
    assertThat(c.clipLow()).isCloseTo(5.0, within(1e-12));
    assertThat(c.clipHigh()).isCloseTo(95.0, within(1e-12));
    assertThat(c.log1p()).isTrue(); // a count
    assertThat(c.indicator()).isFalse(); // nothing was missing
    assertThat(t.apply(new double[] {1000})[0]).isCloseTo(Math.log1p(95), within(1e-12));
    assertThat(t.apply(new double[] {Math.exp(3) - 1})[0]).isCloseTo(3.0, within(1e-12));
    assertThat(t.apply(new double[] {0})[0]).isCloseTo(Math.log1p(5), within(1e-12));
  }

  @Test
  void aConstantColumnShouldBeCentredButNotDividedByZero() {
    FeatureMatrix m =
        FeatureMatrix.of(
            ids(4), List.of("complaints"), List.of(Kind.COUNT), new double[][] {{0, 0, 0, 0}});
    FeatureTransform.Fitted f = FeatureTransform.fit(m, TransformOptions.DEFAULT);
    assertThat(f.transform().columns().getFirst().scaleFrom()).isEqualTo("none");
    assertThat(f.matrix().column(0)).containsExactly(0, 0, 0, 0);
  }

  @Test
  void theRecordedTransformShouldReproduceTheFittedMatrixAfterAJsonRoundTrip() {
    Populations.Population pop = Populations.of(500, 11);
    List<String> names =
        List.of(
            "recency_days",
            "frequency",
            "monetary",
            "ipt_mean_days",
            "events_90d",
            "category_share:books",
            "attribute:survey_score");
    FeatureMatrix raw = FeatureMatrix.build(pop.profiles(), pop.customers(), names, AS_OF);
    FeatureTransform.Fitted fitted = FeatureTransform.fit(raw, TransformOptions.DEFAULT);

    String json = fitted.transform().toJson();
    assertThat(json).contains("\"format_version\" : 1", "\"clip_low\"", "\"winsor_upper\" : 0.99");
    FeatureTransform read = FeatureTransform.fromJson(json);
    assertThat(read).isEqualTo(fitted.transform());

    // batch path: the whole training matrix
    FeatureMatrix again = read.apply(raw);
    assertThat(again.names()).isEqualTo(fitted.matrix().names());
    assertThat(again.sameAs(fitted.matrix())).isTrue();
    // live path: one row at a time, as the live engine will
    FeatureExtractor extractor =
        new FeatureExtractor(FeatureMatrix.resolve(names, pop.profiles(), pop.customers()));
    for (int i = 0; i < raw.rows(); i++) {
      CustomerId id = raw.id(i);
      var customer =
          pop.customers().stream().filter(c -> c.customerId().equals(id)).findFirst().orElse(null);
      double[] rawRow =
          extractor.row(pop.profiles().get(id), customer, pop.profiles().settings(), AS_OF);
      assertThat(rawRow).containsExactly(raw.row(i));
      assertThat(read.apply(rawRow)).containsExactly(fitted.matrix().row(i));
    }
    // columns with missing values got an indicator: recency (never ordered), survey score
    assertThat(read.outputNames())
        .contains("recency_days_missing", "attribute:survey_score_missing")
        .doesNotContain("frequency_missing");

    // a new customer with nothing known: every value imputed, every indicator set
    double[] unseen = new double[names.size()];
    java.util.Arrays.fill(unseen, Double.NaN);
    double[] out = read.apply(unseen);
    assertThat(out).hasSize(read.outputNames().size());
    for (int k = 0; k < out.length; k++) {
      String name = read.outputNames().get(k);
      assertThat(Double.isFinite(out[k])).as(name).isTrue();
      if (name.endsWith("_missing")) {
        assertThat(out[k]).as(name).isEqualTo(1.0);
      }
    }
  }

  @Test
  void shouldRefuseAMatrixWithOtherColumnsAndBadOptions() {
    FeatureMatrix m =
        FeatureMatrix.of(ids(3), List.of("a"), List.of(Kind.SCORE), new double[][] {{1, 2, 3}});
    FeatureTransform t = FeatureTransform.fit(m, TransformOptions.DEFAULT).transform();
    FeatureMatrix other =
        FeatureMatrix.of(ids(3), List.of("b"), List.of(Kind.SCORE), new double[][] {{1, 2, 3}});
    assertThatThrownBy(() -> t.apply(other))
        .hasMessageContaining("fitted on columns [a] but the matrix has [b]");
    assertThatThrownBy(() -> t.apply(new double[] {1, 2}))
        .hasMessageContaining("expected 1 values (a), got 2");
    assertThatThrownBy(() -> TransformOptions.DEFAULT.withWinsor(0.6, 0.99))
        .hasMessageContaining("winsor_lower must be in [0, 0.5)");
    assertThatThrownBy(() -> FeatureTransform.fromJson("{\"format_version\": 2}"))
        .hasMessageContaining("format_version 2 is not supported");
  }
}
