package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.math.MathEx;

/**
 * {@link AliasDraw} returns the index Smile's {@code MathEx.unitize1} + {@code MathEx.random}
 * return for the same generator state, and leaves the generator where Smile leaves it.
 */
class AliasDrawTest {

  /** Weights shaped like k-means++'s: squared distances, some zero, some equal, a few large. */
  private static double[] weights(SplittableRandom random, int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble();
      w[i] =
          switch (random.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            case 2 -> x * x * 1e4;
            default -> x * x;
          };
    }
    return w;
  }

  private static int smile(double[] weights) {
    double[] p = weights.clone();
    MathEx.unitize1(p);
    return MathEx.random(p);
  }

  @Test
  void drawsSmilesIndexForEverySeedAndSize() {
    SplittableRandom random = new SplittableRandom(7);
    int draws = 0;
    int aliased = 0;
    for (int n : new int[] {1, 2, 3, 5, 17, 256, 1_000, 4_097}) {
      for (int t = 0; t < 200; t++) {
        double[] w = weights(random, n);
        double[] before = w.clone();
        long seed = random.nextLong();
        MathEx.setSeed(seed);
        int expected = smile(w);
        double next = MathEx.random();
        MathEx.setSeed(seed);
        int got = AliasDraw.draw(w);
        assertThat(got).as("n=%d trial=%d", n, t).isEqualTo(expected);
        // one uniform drawn, as Smile draws: the generator is where Smile left it
        assertThat(MathEx.random()).isEqualTo(next);
        assertThat(w).isEqualTo(before);
        draws++;
        // how often the draw took the alias rather than the index the uniform landed on
        MathEx.setSeed(seed);
        aliased += got == (int) (MathEx.random() * n) ? 0 : 1;
      }
    }
    assertThat(draws).isEqualTo(1_600);
    // the alias branch is exercised, not only the direct one
    assertThat(aliased).isGreaterThan(100);
  }

  @Test
  void allZeroWeightsGiveTheIndexTheUniformLandsOnAsSmileDoes() {
    double[] w = new double[10];
    for (long seed = 1; seed <= 20; seed++) {
      MathEx.setSeed(seed);
      int expected = smile(w);
      MathEx.setSeed(seed);
      assertThat(AliasDraw.draw(w)).isEqualTo(expected);
    }
  }
}
