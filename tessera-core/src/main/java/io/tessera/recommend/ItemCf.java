package io.tessera.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Item-to-item collaborative filtering: items are similar when the same customers bought them.
 *
 * <p>The similarity of items i and j is the cosine of their binary customer vectors, {@code |U_i ∩
 * U_j| / sqrt(|U_i| |U_j|)}; each item keeps its {@code neighbours} most similar items. A
 * customer's score for an item is the sum of its similarities to the items they bought, and the
 * reason names the bought item that contributed most ("bought with X").
 *
 * <p>References: B. Sarwar, G. Karypis, J. Konstan, J. Riedl. Item-based collaborative filtering
 * recommendation algorithms. WWW 2001. G. Linden, B. Smith, J. York. Amazon.com recommendations:
 * item-to-item collaborative filtering. IEEE Internet Computing 7(1), 2003.
 */
public final class ItemCf implements Recommender {
  /**
   * @param neighbours how many most similar items each item keeps (at least 1)
   */
  public record Options(int neighbours) {
    public Options {
      if (neighbours < 1) {
        throw new IllegalArgumentException(
            "recommend.neighbours must be at least 1, got: " + neighbours);
      }
    }
  }

  private final Purchases purchases;
  private final int[][] neighbour;
  private final double[][] similarity;
  private final Options options;

  private ItemCf(Purchases purchases, int[][] neighbour, double[][] similarity, Options options) {
    this.purchases = purchases;
    this.neighbour = neighbour;
    this.similarity = similarity;
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /**
   * Fits the item neighbourhoods (items in parallel; the result does not depend on threads). Each
   * item's co-purchase counts are gathered from its buyers' rows into a scratch array, visiting
   * only the items they touch.
   */
  public static ItemCf fit(Purchases purchases, Options options) {
    int m = purchases.itemCount();
    int[][] neighbour = new int[m][];
    double[][] similarity = new double[m][];
    int[] cols = purchases.cols();
    int[] rows = purchases.rows();
    ThreadLocal<double[]> counts = ThreadLocal.withInitial(() -> new double[m]);
    ThreadLocal<int[]> touchedOf = ThreadLocal.withInitial(() -> new int[m]);
    IntStream.range(0, m)
        .parallel()
        .forEach(
            i -> {
              double[] co = counts.get();
              int[] touched = touchedOf.get();
              int n = 0;
              for (int p = purchases.colStart(i); p < purchases.colEnd(i); p++) {
                int u = rows[p];
                for (int q = purchases.rowStart(u); q < purchases.rowEnd(u); q++) {
                  int j = cols[q];
                  if (co[j] == 0 && j != i) {
                    touched[n++] = j;
                  }
                  co[j]++;
                }
              }
              co[i] = Double.NaN;
              double ni = purchases.itemCustomers(i);
              for (int t = 0; t < n; t++) {
                int j = touched[t];
                co[j] = co[j] / Math.sqrt(ni * purchases.itemCustomers(j));
              }
              int[] top = TopN.of(co, touched, n, options.neighbours());
              double[] sims = new double[top.length];
              for (int k = 0; k < top.length; k++) {
                sims[k] = co[top[k]];
              }
              neighbour[i] = top;
              similarity[i] = sims;
              for (int t = 0; t < n; t++) {
                co[touched[t]] = 0;
              }
              co[i] = 0;
            });
    return new ItemCf(purchases, neighbour, similarity, options);
  }

  /** The cosine similarity of two items as kept (0 when j is not among i's neighbours). */
  public double similarity(String a, String b) {
    int i = purchases.itemIndex(a);
    int j = purchases.itemIndex(b);
    if (i < 0 || j < 0) {
      return 0;
    }
    for (int k = 0; k < neighbour[i].length; k++) {
      if (neighbour[i][k] == j) {
        return similarity[i][k];
      }
    }
    return 0;
  }

  @Override
  public Method method() {
    return Method.ITEM_CF;
  }

  @Override
  public List<Scored> recommend(String customer, int n, Set<String> exclude) {
    int u = purchases.customerIndex(customer);
    if (u < 0) {
      return List.of();
    }
    int m = purchases.itemCount();
    double[] score = new double[m];
    double[] best = new double[m];
    int[] from = new int[m];
    int[] touched = new int[m];
    int count = 0;
    int[] cols = purchases.cols();
    for (int p = purchases.rowStart(u); p < purchases.rowEnd(u); p++) {
      int i = cols[p];
      for (int k = 0; k < neighbour[i].length; k++) {
        int j = neighbour[i][k];
        double s = similarity[i][k];
        if (score[j] == 0) {
          touched[count++] = j;
        }
        score[j] += s;
        if (s > best[j]) {
          best[j] = s;
          from[j] = i;
        }
      }
    }
    for (String item : exclude) {
      int j = purchases.itemIndex(item);
      if (j >= 0) {
        score[j] = Double.NaN;
      }
    }
    int[] top = TopN.of(score, touched, count, n);
    List<Scored> out = new ArrayList<>(top.length);
    for (int j : top) {
      out.add(
          new Scored(purchases.item(j), score[j], new Reason.BoughtWith(purchases.item(from[j]))));
    }
    return out;
  }
}
