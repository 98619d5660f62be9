package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.text.TopicModel.Sparse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The factorisation behind the topics: the randomised SVD that starts it agrees with a dense SVD,
 * its error is the Frobenius error of the W and H it holds, and a matrix made of k non-negative
 * parts is taken apart again from the NNDSVDa start, stopping early by the tolerance.
 */
class NmfTest {

  /** 300 sparse rows over 60 terms, each row drawn from one of {@code parts} disjoint term sets. */
  private static Sparse[] planted(int parts, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int v = 60;
    int span = v / parts;
    Sparse[] rows = new Sparse[300];
    for (int i = 0; i < rows.length; i++) {
      int part = i % parts;
      List<Integer> idx = new ArrayList<>();
      for (int t = part * span; t < (part + 1) * span; t++) {
        if (rnd.nextDouble() < 0.4) {
          idx.add(t);
        }
      }
      if (idx.isEmpty()) {
        idx.add(part * span);
      }
      double[] val = new double[idx.size()];
      double norm = 0;
      for (int p = 0; p < val.length; p++) {
        val[p] = 0.5 + rnd.nextDouble();
        norm += val[p] * val[p];
      }
      for (int p = 0; p < val.length; p++) {
        val[p] /= Math.sqrt(norm);
      }
      rows[i] = new Sparse(idx.stream().mapToInt(Integer::intValue).toArray(), val);
    }
    return rows;
  }

  private static double[][] dense(Sparse[] rows, int v) {
    double[][] d = new double[rows.length][v];
    for (int i = 0; i < rows.length; i++) {
      for (int p = 0; p < rows[i].idx.length; p++) {
        d[i][rows[i].idx[p]] = rows[i].val[p];
      }
    }
    return d;
  }

  @Test
  void randomisedSvdShouldMatchADenseSvd() {
    Sparse[] rows = planted(4, 1);
    Nmf.Svd svd = Nmf.svd(rows, 60, 6, 42);
    SingularValueDecomposition exact =
        new SingularValueDecomposition(new Array2DRowRealMatrix(dense(rows, 60), false));
    double[] s = exact.getSingularValues();
    // the four planted parts stand well apart from the rest: exact; the next two, among many close
    // values, to within 1% (the subspace iteration's 7 power steps do not separate them further)
    for (int j = 0; j < 6; j++) {
      assertThat(svd.values()[j])
          .as("singular value %d", j)
          .isCloseTo(s[j], within(j < 4 ? 1e-8 : 0.01 * s[j]));
    }
    for (int j = 0; j < 4; j++) {
      // the right singular vector up to sign
      double dot = 0;
      for (int t = 0; t < 60; t++) {
        dot += svd.right()[j][t] * exact.getV().getEntry(t, j);
      }
      assertThat(Math.abs(dot)).as("right vector %d", j).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void errorShouldBeTheFrobeniusErrorOfTheFit() {
    Sparse[] rows = planted(3, 2);
    Nmf nmf = new Nmf(rows, 60, 3, Nmf.svd(rows, 60, 3, 7), 0).iterate(25);
    Nmf.Fit fit = nmf.fit();
    assertThat(fit.iterations()).isEqualTo(25);
    // the direct sum over all cells of (V - W H)^2
    double[][] v = dense(rows, 60);
    double[][] w = nmf.weights();
    double direct = 0;
    for (int i = 0; i < v.length; i++) {
      for (int t = 0; t < 60; t++) {
        double x = 0;
        for (int j = 0; j < 3; j++) {
          x += w[i][j] * fit.h()[j][t];
        }
        direct += (v[i][t] - x) * (v[i][t] - x);
      }
    }
    assertThat(fit.error()).isCloseTo(direct, within(1e-9));
  }

  @Test
  void shouldSeparatePlantedPartsAndStopEarly() {
    Sparse[] rows = planted(4, 3);
    Nmf.Fit fit = new Nmf(rows, 60, 4, Nmf.svd(rows, 60, 4, 42), 1e-4).iterate(200).fit();
    assertThat(fit.iterations()).isLessThan(200).isGreaterThanOrEqualTo(Nmf.CHECK_EVERY);
    // each topic's weight sits in one planted term set, and the four topics are the four sets
    java.util.Set<Integer> parts = new java.util.TreeSet<>();
    for (double[] topic : fit.h()) {
      double[] byPart = new double[4];
      double total = 0;
      for (int t = 0; t < 60; t++) {
        byPart[t / 15] += topic[t];
        total += topic[t];
      }
      int best = 0;
      for (int q = 1; q < 4; q++) {
        best = byPart[q] > byPart[best] ? q : best;
      }
      assertThat(byPart[best] / total).isGreaterThan(0.99);
      parts.add(best);
    }
    assertThat(parts).containsExactly(0, 1, 2, 3);
  }
}
