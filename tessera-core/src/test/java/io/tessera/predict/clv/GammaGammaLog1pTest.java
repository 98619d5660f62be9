package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** GammaGamma's log1p by Math.log against fdlibm's (StrictMath.log1p). */
class GammaGammaLog1pTest {
  @Test
  void shouldAgreeWithFdlibmWithinFourUlpsFromTinyToHugeArguments() {
    SplittableRandom random = new SplittableRandom(11);
    double worst = 0;
    for (int i = 0; i < 1_000_000; i++) {
      // log-uniform over 1e-300 .. 1e300, as m x / gamma can be when gamma sits at a bound
      double y = Math.pow(10, -300 + 600 * random.nextDouble());
      double exact = StrictMath.log1p(y);
      worst = Math.max(worst, Math.abs(GammaGamma.log1p(y) - exact) / Math.ulp(exact));
    }
    for (double y : new double[] {0.0, 1e-17, 1.1e-16, 2.3e-16, 0.5, 1.0, 3.0, 1e15, 1e308}) {
      double exact = StrictMath.log1p(y);
      worst = Math.max(worst, Math.abs(GammaGamma.log1p(y) - exact) / Math.ulp(exact));
    }
    // Goldberg's bound is 5 epsilon with a correctly rounded log; measured 2 ulps here
    assertThat(worst).isLessThanOrEqualTo(4.0);
    assertThat(GammaGamma.log1p(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
