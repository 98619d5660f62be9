package io.tessera.segment.rfm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RfmModelTest {

  @Test
  void everyScoreTripleShouldMatchExactlyOneGroup() {
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        for (int m = 1; m <= 5; m++) {
          int matches = 0;
          for (RfmGroup g : RfmGroup.values()) {
            matches += g.matches(r, f, m) ? 1 : 0;
          }
          assertThat(matches).as("groups matching R%d F%d M%d", r, f, m).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void everyGroupShouldHaveNamesAStageAndTwoOrThreeActions() {
    for (RfmGroup g : RfmGroup.values()) {
      assertThat(g.english()).isNotBlank();
      assertThat(g.korean()).isNotBlank();
      assertThat(g.actionsEn()).hasSizeBetween(2, 3).hasSameSizeAs(g.actionsKo());
      assertThat(g.stage()).isNotNull();
    }
    assertThat(RfmGroup.of(5, 5, 5)).isEqualTo(RfmGroup.VIP);
    assertThat(RfmGroup.of(5, 1, 1)).isEqualTo(RfmGroup.NEW);
    assertThat(RfmGroup.of(3, 5, 5)).isEqualTo(RfmGroup.LAPSING_VIP);
    assertThat(RfmGroup.of(1, 5, 5)).isEqualTo(RfmGroup.CANT_LOSE);
    assertThat(RfmGroup.of(1, 1, 1)).isEqualTo(RfmGroup.LOST);
    assertThat(RfmGroup.VIP.korean()).isEqualTo("VIP");
    assertThat(RfmGroup.LAPSING_VIP.korean()).isEqualTo("뜸한 VIP");
  }

  @Test
  void distinctValuesShouldFillTheQuintilesEvenly() {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i + 1;
    }
    RfmModel model = RfmModel.fit(v, v, v);
    // hand computation: edges at positions ceil(20k) - 1 = 19, 39, 59, 79 -> values 20, 40, 60, 80
    assertThat(model.frequencyEdges()).containsExactly(20.0, 40.0, 60.0, 80.0);
    int[] counts = new int[6];
    for (double x : v) {
      counts[model.score(x, x, x).f()]++;
    }
    assertThat(Arrays.copyOfRange(counts, 1, 6)).containsExactly(20, 20, 20, 20, 20);
    // recency is reversed: 1 day scores 5, 100 days scores 1
    assertThat(model.score(1, 1, 1).r()).isEqualTo(5);
    assertThat(model.score(100, 1, 1).r()).isEqualTo(1);
  }

  @Test
  void tiedValuesShouldAlwaysGetTheSameScore() {
    // 60% of customers bought once, then 2..5 purchases
    double[] f = new double[1000];
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < f.length; i++) {
      f[i] = i < 600 ? 1 : 2 + rnd.nextInt(4);
    }
    RfmModel model = RfmModel.fit(f, f, f);
    Map<Double, Integer> scoreOf = new java.util.HashMap<>();
    for (double x : f) {
      int s = model.score(10, x, x).f();
      assertThat(scoreOf.computeIfAbsent(x, k -> s)).as("score of frequency %s", x).isEqualTo(s);
    }
    assertThat(scoreOf.get(1.0)).as("the tied bottom takes the lowest score").isEqualTo(1);
    assertThat(scoreOf.get(5.0)).isGreaterThan(scoreOf.get(2.0));
  }

  @Test
  void fittingShouldRefuseValuesThatAreNotFiniteAndModelsWithUnorderedEdges() {
    double[] ok = {1, 2, 3};
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RfmModel.fit(ok, new double[] {1, Double.NaN, 2}, ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frequency of customer 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new RfmModel(
                    java.util.List.of(1.0, 2.0, 3.0, 4.0),
                    java.util.List.of(2.0, 1.0, 3.0, 4.0),
                    java.util.List.of(1.0, 2.0, 3.0, 4.0)))
        .hasMessageContaining("ascending");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyCustomerShouldLandInExactlyOneGroupOnRandomData(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 2_000;
    double[] r = new double[n];
    double[] f = new double[n];
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = rnd.nextInt(400);
      f[i] = 1 + (int) Math.floor(-Math.log(1 - rnd.nextDouble()) * 3);
      m[i] = Math.round(Math.exp(3 + rnd.nextGaussian()) * 100) / 100.0;
    }
    RfmModel model = RfmModel.fit(r, f, m);
    Map<RfmGroup, Integer> sizes = new EnumMap<>(RfmGroup.class);
    for (int i = 0; i < n; i++) {
      sizes.merge(model.score(r[i], f[i], m[i]).group(), 1, Integer::sum);
    }
    assertThat(sizes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    assertThat(sizes.keySet()).hasSizeGreaterThanOrEqualTo(6);
  }
}
