package io.tessera.bench;

import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.RepeatSummary;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The BG/NBD log-likelihood (Fader, Hardie and Lee 2005, eq. 6) summed over {@code customers}
 * customers drawn from a BG/NBD population (r 0.24, alpha 4.4, a 0.79, b 2.4 in weeks, the CDNOW
 * estimates), one evaluation as the optimiser calls it (on data prepared once: until 2026-12-07
 * this benchmark prepared the data on every call and mostly timed the merging of rows), the
 * preparation, and the whole maximum-likelihood fit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BgNbdBench {
  @Param({"2960", "100000"})
  public int customers;

  private RepeatSummary data;

  private BgNbd.Likelihood prepared;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(5);
    double[] x = new double[customers];
    double[] tx = new double[customers];
    double[] age = new double[customers];
    for (int i = 0; i < customers; i++) {
      double lambda = gamma(random, 0.24) / 4.4;
      double p = beta(random, 0.79, 2.4);
      double t = 1 + random.nextInt(39);
      double at = 0;
      int n = 0;
      double last = 0;
      while (true) {
        at += -Math.log(1 - random.nextDouble()) / Math.max(lambda, 1e-9);
        if (at > t) {
          break;
        }
        n++;
        last = at;
        if (random.nextDouble() < p) {
          break;
        }
      }
      // days are whole: the likelihood merges identical (x, t_x, T) rows, as on real data
      x[i] = n;
      tx[i] = Math.floor(last * 7) / 7;
      age[i] = t;
    }
    data = new RepeatSummary(x, tx, age, null);
    prepared = BgNbd.likelihood(data);
  }

  /** One evaluation on the prepared data, as the optimiser calls it. */
  @Benchmark
  public double logLikelihood() {
    return prepared.logLikelihood(0.24, 4.4, 0.79, 2.4);
  }

  /** The preparation (identical rows merged), done once per fit. */
  @Benchmark
  public BgNbd.Likelihood prepare() {
    return BgNbd.likelihood(data);
  }

  @Benchmark
  public BgNbd fit() {
    return BgNbd.fit(data);
  }

  /** Marsaglia and Tsang's gamma draw (shape below 1 by the boost u^(1/shape)). */
  private static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z;
      double v;
      do {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  private static double beta(SplittableRandom random, double a, double b) {
    double x = gamma(random, a);
    return x / (x + gamma(random, b));
  }
}
