package io.tessera.predict.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.model.cart.SplitRule;

/**
 * The churn forest's own loop over Smile's trees ({@link RandomForestChurn#grow}) grows the trees
 * Smile's {@code RandomForest.fit} grows from the same options and seeds, node for node.
 */
class ForestFitTest {

  /** Six columns, one with ties, a label of about {@code share} positives. */
  private static ChurnData data(int n, double offset, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] rows = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      double c = rnd.nextInt(5);
      double d = rnd.nextGaussian();
      double e = rnd.nextDouble();
      double logit = offset + 1.5 * a - b + (c >= 2 ? b : 0) + 0.8 * e * e;
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      rows[i] = new double[] {a, b, c, d, e, a + 0.3 * d};
    }
    return ChurnData.of(rows, List.of("a", "b", "c", "d", "e", "f"), y);
  }

  @ParameterizedTest(name = "{0} rows, offset {1}, class weight {2}")
  @CsvSource({"3000, 0.0, 1", "3000, -2.5, 1", "3000, -2.5, 4", "1500, 1.5, 2", "20000, -1.0, 2"})
  void shouldGrowTheTreesOfSmilesFit(int n, double offset, int weight) {
    ChurnData train = data(n, offset, 17 + n);
    double[] medians = Imputation.medians(train);
    DataFrame df = RandomForestChurn.frame(train, medians, train.labels());
    long[] seeds = new long[12];
    SplittableRandom rnd = new SplittableRandom(5);
    for (int t = 0; t < seeds.length; t++) {
      seeds[t] = rnd.nextLong();
    }
    int[] classWeight = {1, weight};
    RandomForest smile =
        RandomForest.fit(
            Formula.lhs("_label"),
            df,
            new RandomForest.Options(
                seeds.length, 0, SplitRule.GINI, 10, 0, 5, 1.0, classWeight, seeds, null));
    RandomForest ours = new RandomForestChurn(seeds.length, 10, 5, 0).grow(df, classWeight, seeds);
    StructType schema = schema(train.width());
    assertThat(ours.trees()).hasSameSizeAs(smile.trees());
    for (int t = 0; t < seeds.length; t++) {
      ShapTree a = new ShapTree(smile.trees()[t].root(), schema, train.width());
      ShapTree b = new ShapTree(ours.trees()[t].root(), schema, train.width());
      assertThat(b.feature).as("tree %d's split features", t).containsExactly(a.feature);
      assertThat(b.threshold).as("tree %d's split values", t).containsExactly(a.threshold);
      assertThat(b.size).as("tree %d's node sizes", t).containsExactly(a.size);
      assertThat(b.value).as("tree %d's leaf values", t).containsExactly(a.value);
      // trees that differ from one another: the seeds reached each tree
      if (t > 0) {
        ShapTree previous = new ShapTree(ours.trees()[t - 1].root(), schema, train.width());
        assertThat(b.threshold).isNotEqualTo(previous.threshold);
      }
    }
    assertThat(ours.importance()).containsExactly(smile.importance());
    // TreeGrower's trees are the objects Smile's DecisionTree constructor returns: every field
    // the saved model keeps (nodes, counts, deviances, scores, importance, options) byte for byte
    for (int t = 0; t < seeds.length; t++) {
      assertThat(serialized(ours.trees()[t]))
          .as("tree %d serialized", t)
          .isEqualTo(serialized(smile.trees()[t]));
    }
  }

  private static byte[] serialized(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static StructType schema(int width) {
    List<StructField> fields = new ArrayList<>();
    for (int j = 0; j < width; j++) {
      fields.add(new StructField("f" + j, DataTypes.DoubleType));
    }
    return new StructType(fields);
  }
}
