package io.tessera.predict.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.data.DataFrame;

/**
 * The forest's TreeSHAP by quadrature gives the values of Smile's own {@code RandomForest.shap}.
 */
class ForestShapTest {

  /**
   * 2,000 rows of six columns: two drive the label, one interacts with a third, one is a coarse
   * integer (ties, the same feature split twice on a path), one is noise, and one is missing in a
   * tenth of the rows (filled with the median).
   */
  private static ChurnData data(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 2_000;
    double[][] rows = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      double c = rnd.nextInt(4);
      double d = rnd.nextGaussian();
      double e = rnd.nextDouble();
      double logit = -1.5 + 1.5 * a - b + (c >= 2 ? b : 0) + 0.8 * e * e;
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      rows[i] = new double[] {a, b, c, d, e, rnd.nextDouble() < 0.1 ? Double.NaN : a + d};
    }
    return ChurnData.of(rows, List.of("a", "b", "c", "d", "e", "f"), y);
  }

  @Test
  void shouldGiveSmilesTreeShapValues() {
    ChurnData train = data(11);
    // deep trees with small leaves: long paths, features repeated along them
    RandomForestChurn.Model model = new RandomForestChurn(20, 12, 3, 5).fit(train);
    ChurnData rows = data(12);
    DataFrame df = RandomForestChurn.frame(rows, model.medians(), null);
    double[][] ours = model.contributions(rows);
    double[] p = model.probability(rows);
    double[] p0 = model.probability(rows.subset(new int[] {0}));
    for (int i = 0; i < rows.size(); i++) {
      double[] smile = model.forest().shap(df.get(i));
      double sum = 0;
      for (int j = 0; j < rows.width(); j++) {
        // the same sums of the same terms, grouped differently: equal up to rounding
        assertThat(ours[i][j])
            .as("row %d column %d", i, j)
            .isCloseTo(smile[j * 2 + 1], within(1e-12));
        sum += ours[i][j];
      }
      // and they are SHAP values: they add up to the row's probability minus the expected one,
      // the same expectation for every row
      if (i > 0) {
        double sum0 = 0;
        for (double v : ours[0]) {
          sum0 += v;
        }
        assertThat(sum - sum0)
            .isCloseTo(p[i] - p0[0], org.assertj.core.api.Assertions.within(1e-9));
      }
    }
  }

  @Test
  void shouldGiveTheProbabilityOfSmilesTreesBitForBit() {
    ChurnData train = data(13);
    RandomForestChurn.Model model = new RandomForestChurn(20, 12, 3, 7).fit(train);
    ChurnData rows = data(14);
    // the average Smile's own trees give, walked through a Tuple of the frame (the model's
    // probability before it walked the trees' arrays): the same sums in the same order
    DataFrame df = RandomForestChurn.frame(rows, model.medians(), null);
    double[] p = model.probability(rows);
    double[] posterior = new double[2];
    var trees = model.forest().trees();
    int nan = 0;
    for (int i = 0; i < rows.size(); i++) {
      double sum = 0;
      for (var tree : trees) {
        tree.predict(df.get(i), posterior);
        sum += posterior[1];
      }
      assertThat(Double.doubleToLongBits(p[i]))
          .as("row %d", i)
          .isEqualTo(Double.doubleToLongBits(sum / trees.length));
      nan += Double.isNaN(rows.get(i, 5)) ? 1 : 0;
    }
    // the rows include missing values (filled with the training median on both sides)
    assertThat(nan).isGreaterThan(100);
  }

  @Test
  void shouldGiveEachRowTheSameValuesWhateverBlockItIsIn() {
    RandomForestChurn.Model model = new RandomForestChurn(10, 12, 3, 7).fit(data(11));
    ChurnData rows = data(13);
    // 2,000 rows: whole blocks and a partial last one
    double[][] all = model.contributions(rows);
    int[] some = {0, 1, ForestShap.BLOCK - 1, ForestShap.BLOCK, 1_000, rows.size() - 1};
    double[][] alone = model.contributions(rows.subset(some));
    for (int k = 0; k < some.length; k++) {
      assertThat(alone[k]).as("row %d", some[k]).isEqualTo(all[some[k]]);
      double[] one = model.contributions(rows.subset(new int[] {some[k]}))[0];
      assertThat(one).as("row %d alone", some[k]).isEqualTo(all[some[k]]);
    }
  }

  /**
   * Rows that share a cell of a tree's partition (the same row twice, or values between the same
   * split values) are walked once per cell: each row still gets the values it gets alone, bit for
   * bit, and Smile's values.
   */
  @Test
  void shouldGiveRowsSharingACellTheValuesEachGetsAlone() {
    RandomForestChurn.Model model = new RandomForestChurn(10, 12, 3, 7).fit(data(11));
    SplittableRandom rnd = new SplittableRandom(21);
    int n = 600;
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      // coarse values: most rows fall in a cell with others, many are repeated outright
      x[i] =
          i % 3 == 0 && i > 0
              ? x[i - 1].clone()
              : new double[] {
                Math.round(rnd.nextGaussian() * 2) / 2.0,
                Math.round(rnd.nextGaussian() * 2) / 2.0,
                rnd.nextInt(4),
                Math.round(rnd.nextGaussian()),
                Math.round(rnd.nextDouble() * 4) / 4.0,
                Math.round(rnd.nextGaussian() * 2) / 2.0
              };
    }
    ChurnData rows = ChurnData.of(x, List.of("a", "b", "c", "d", "e", "f"), null);
    double[][] filled = new double[n][];
    for (int i = 0; i < n; i++) {
      filled[i] = RandomForestChurn.row(rows, i, model.medians());
    }
    // the walks are shared: each tree's rows fall in fewer cells than there are rows
    for (int cells : new ForestShap(model.forest(), rows.width()).cells(filled)) {
      assertThat(cells).isLessThan(n * 2 / 3 + 1).isGreaterThan(1);
    }
    double[][] all = model.contributions(rows);
    DataFrame df = RandomForestChurn.frame(rows, model.medians(), null);
    for (int i = 0; i < n; i += 7) {
      double[] one = model.contributions(rows.subset(new int[] {i}))[0];
      assertThat(all[i]).as("row %d", i).isEqualTo(one);
      double[] smile = model.forest().shap(df.get(i));
      for (int j = 0; j < rows.width(); j++) {
        assertThat(all[i][j])
            .as("row %d column %d", i, j)
            .isCloseTo(smile[j * 2 + 1], within(1e-12));
      }
    }
    for (int i = 3; i < n; i += 3) {
      assertThat(all[i]).as("row %d, a copy of row %d", i, i - 1).isEqualTo(all[i - 1]);
    }
  }

  /**
   * The leaf tables (every tree here) give the walk's values up to rounding, for rows alone and in
   * cells, with missing values; the shares of a pattern are the same bits whether every pattern's
   * shares are made or only those of the patterns the rows take.
   */
  @Test
  void shouldGiveTheWalksValuesByLeafTables() {
    RandomForestChurn.Model model = new RandomForestChurn(10, 12, 3, 7).fit(data(11));
    ChurnData rows = data(15);
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      // every third row coarse, so that cells hold several rows
      x[i] = RandomForestChurn.row(rows, i, model.medians());
      if (i % 3 == 0) {
        for (int j = 0; j < x[i].length; j++) {
          x[i][j] = Math.round(x[i][j]);
        }
      }
    }
    ForestShap tables = new ForestShap(model.forest(), rows.width(), true);
    ForestShap walks = new ForestShap(model.forest(), rows.width(), false);
    double[][] byTables = tables.shap(x);
    double[][] byWalks = walks.shap(x);
    double largest = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < rows.width(); j++) {
        assertThat(byTables[i][j])
            .as("row %d column %d", i, j)
            .isCloseTo(byWalks[i][j], within(1e-13));
        largest = Math.max(largest, Math.abs(byWalks[i][j]));
      }
    }
    assertThat(largest).isGreaterThan(0.05);
    for (var cart : model.forest().trees()) {
      ShapTree tree =
          new ShapTree(
              cart.root(),
              RandomForestChurn.frame(rows, model.medians(), null).schema(),
              rows.width());
      LeafTables lt = LeafTables.of(tree, rows.width());
      assertThat(lt).isNotNull();
      long[] m = lt.scratch();
      int[] pattern = new int[lt.leaves()];
      byte[] taken = new byte[lt.entries()];
      for (int i = 0; i < 50; i++) {
        lt.patterns(x[i], m, pattern, 0);
        lt.mark(pattern, 0, taken);
      }
      int[] everySlot = new int[lt.entries()];
      int[] takenSlot = new int[lt.entries()];
      double[] every = lt.shares(null, everySlot, new double[] {0.2, 0.7}, new double[] {0.4, 0.6});
      double[] some = lt.shares(taken, takenSlot, new double[] {0.2, 0.7}, new double[] {0.4, 0.6});
      assertThat(some.length).isLessThan(every.length);
      double[] a = new double[rows.width()];
      double[] b = new double[rows.width()];
      for (int i = 0; i < 50; i++) {
        lt.patterns(x[i], m, pattern, 0);
        java.util.Arrays.fill(a, 0);
        java.util.Arrays.fill(b, 0);
        lt.add(pattern, 1, everySlot, every, a, 0, rows.width());
        lt.add(pattern, 1, takenSlot, some, b, 0, rows.width());
        assertThat(b).as("row %d", i).isEqualTo(a);
      }
    }
  }

  @Test
  void quadratureShouldIntegratePolynomialsUpToDegreeTwoQMinusOneExactly() {
    for (int q = 1; q <= 8; q++) {
      double[][] rule = ForestShap.gaussLegendre(q);
      for (int k = 0; k <= 2 * q - 1; k++) {
        double sum = 0;
        for (int t = 0; t < q; t++) {
          sum += rule[1][t] * Math.pow(rule[0][t], k);
        }
        assertThat(sum).as("q %d, t^%d", q, k).isCloseTo(1.0 / (k + 1), within(1e-14));
      }
      if (q <= 4) {
        // and not beyond: the degree-2q moment is off ((q!)^4 / ((2q + 1) ((2q)!)^3), 5.6e-10
        // at q = 4, below rounding from q = 7)
        double sum = 0;
        for (int t = 0; t < q; t++) {
          sum += rule[1][t] * Math.pow(rule[0][t], 2 * q);
        }
        assertThat(Math.abs(sum - 1.0 / (2 * q + 1))).as("q %d", q).isGreaterThan(1e-12);
      }
    }
  }
}
