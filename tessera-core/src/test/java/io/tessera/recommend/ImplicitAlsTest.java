package io.tessera.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {
  static final LocalDate DAY = LocalDate.of(2026, 1, 1);

  /**
   * Two blocks: customers c0..c5 buy from items a0..a4, customers d0..d5 from b0..b4. Customer k of
   * a block bought every item of the block but item k mod 5 (so every item is bought by 4 or 5).
   */
  static List<Purchase> blocks() {
    List<Purchase> out = new ArrayList<>();
    for (String block : new String[] {"a", "b"}) {
      String who = block.equals("a") ? "c" : "d";
      for (int k = 0; k < 6; k++) {
        for (int i = 0; i < 5; i++) {
          if (i != k % 5) {
            out.add(new Purchase(who + k, who + k + "-o", block + i, DAY));
          }
        }
      }
    }
    return out;
  }

  @Test
  void givenBlockMatrix_whenRecommendingOne_thenTheBlocksUnseenItemBoughtWithABlockItem() {
    Purchases p = Purchases.of(blocks());
    ImplicitAls als = ImplicitAls.fit(p, new ImplicitAls.Options(2, 0.1, 10, 15, 7));
    for (int k = 0; k < 6; k++) {
      for (String who : new String[] {"c", "d"}) {
        String block = who.equals("c") ? "a" : "b";
        String customer = who + k;
        Set<String> bought = new HashSet<>();
        for (int i : p.itemsOf(p.customerIndex(customer))) {
          bought.add(p.item(i));
        }
        List<Recommender.Scored> top = als.recommend(customer, 1, bought);
        assertEquals(block + (k % 5), top.get(0).item(), customer);
        Reason.BoughtWith why = (Reason.BoughtWith) top.get(0).reason();
        assertThat(why.item()).startsWith(block);
        assertThat(bought).contains(why.item());
        // The other block's items score near 0, the unseen block item near 1.
        assertThat(als.score(customer, block + (k % 5))).isGreaterThan(0.5);
        assertThat(Math.abs(als.score(customer, (block.equals("a") ? "b" : "a") + "0")))
            .isLessThan(0.1);
      }
    }
  }

  @Test
  void givenConjugateGradientSteps_thenTheSameRecommendationsAsTheExactSolve() {
    Purchases p = Purchases.of(blocks());
    ImplicitAls exact = ImplicitAls.fit(p, new ImplicitAls.Options(2, 0.1, 10, 15, 7, 0));
    ImplicitAls cg = ImplicitAls.fit(p, new ImplicitAls.Options(2, 0.1, 10, 15, 7, 3));
    for (int k = 0; k < 6; k++) {
      String customer = "c" + k;
      Set<String> bought = new HashSet<>();
      for (int i : p.itemsOf(p.customerIndex(customer))) {
        bought.add(p.item(i));
      }
      assertEquals(exact.items(customer, 1, bought), cg.items(customer, 1, bought));
      // with 2 factors, 2 CG steps solve each 2 x 2 system exactly (up to rounding)
      assertEquals(exact.score(customer, "a" + k % 5), cg.score(customer, "a" + k % 5), 1e-6);
    }
  }

  @Test
  void givenSameSeed_thenSameFactors() {
    Purchases p = Purchases.of(blocks());
    ImplicitAls.Options o = new ImplicitAls.Options(3, 0.5, 5, 5, 11);
    assertEquals(ImplicitAls.fit(p, o).score("c1", "a1"), ImplicitAls.fit(p, o).score("c1", "a1"));
  }

  @Test
  void givenARowOfCells_thenTimesGivesThePlainSumsToTheBit() {
    // f = 7 and 11 cells: neither a multiple of the four sums carried side by side
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int f = 7;
    int items = 20;
    double[] fixed = new double[items * f];
    for (int k = 0; k < fixed.length; k++) {
      fixed[k] = random.nextDouble(-1, 1);
    }
    double[] gram = new double[f * f];
    for (int d = 0; d < f; d++) {
      for (int e = 0; e <= d; e++) {
        gram[d * f + e] = random.nextDouble(0, 3);
        gram[e * f + d] = gram[d * f + e];
      }
    }
    int[] other = {99, 3, 17, 0, 5, 19, 8, 2, 11, 13, 7, 4};
    int start = 1;
    double[] weight = new double[other.length - start];
    for (int k = 0; k < weight.length; k++) {
      weight[k] = random.nextDouble(0, 40);
    }
    double[] v = new double[f];
    for (int d = 0; d < f; d++) {
      v[d] = random.nextDouble(-2, 2);
    }
    double lambda = 30;
    double[] plain = new double[f];
    for (int d = 0; d < f; d++) {
      double s = lambda * v[d];
      for (int e = 0; e < f; e++) {
        s += gram[d * f + e] * v[e];
      }
      plain[d] = s;
    }
    for (int k = 0; k < weight.length; k++) {
      int off = other[start + k] * f;
      double yv = 0;
      for (int d = 0; d < f; d++) {
        yv += fixed[off + d] * v[d];
      }
      double w = weight[k] * yv;
      for (int d = 0; d < f; d++) {
        plain[d] += w * fixed[off + d];
      }
    }
    double[] out = new double[f];
    ImplicitAls.times(v, other, start, weight, fixed, gram, lambda, f, out);
    for (int d = 0; d < f; d++) {
      assertEquals(Double.doubleToLongBits(plain[d]), Double.doubleToLongBits(out[d]), "d=" + d);
    }
  }

  @Test
  void choleskySolvesAHandCheckedSystem() {
    // A = [[4, 2], [2, 3]], b = [2, 1]: x = A^-1 b = [0.5, 0] (det 8; A^-1 = [[3, -2], [-2, 4]]/8).
    double[] a = {4, 2, 2, 3};
    ImplicitAls.cholesky(a, 2);
    double[] b = {2, 1};
    ImplicitAls.solve(a, 2, b);
    assertArrayEquals(new double[] {0.5, 0}, b, 1e-12);
  }
}
