package io.tessera.segment.cluster;

import smile.math.MathEx;

/**
 * One weighted draw that returns the index Smile 6.3's {@code MathEx.unitize1} of a copy of the
 * weights followed by {@code MathEx.random(double[])} returns, from the same single draw of the
 * calling thread's generator, without building the whole alias table each time.
 *
 * <p>Smile draws by Walker's alias method: it scales the probabilities by n into {@code q}, splits
 * the indices into a stack of large ({@code q >= 1}) and a stack of small ones, pairs the top small
 * with the top large until one stack empties ({@code a[small] = large}, the large one gives up
 * {@code 1 - q[small]}), then takes one uniform {@code u}: index {@code k = (int) (u * n)} when
 * {@code u * n - k < q[k]}, else its alias {@code a[k]}. Building the table draws nothing, so
 * {@code u} can be drawn first; only {@code q[k]} and {@code a[k]} matter then, and both are final
 * as soon as {@code k} is paired as a small index (an index never paired keeps {@code a[k] = k}).
 * Both stacks hold indices in index order (the top is the highest), so this runs the same pairing
 * with the same arithmetic (every {@code q} the same double) by scanning down from the top index,
 * computes each {@code q} only when the scan reaches it and stops when {@code k} is paired: on
 * average half the work of Smile's table and none of its three arrays of n per draw (k-means++
 * seeding draws k - 1 times over all the rows: a fifth of the clustering stage's samples at 100,000
 * customers went to Smile's tables). {@code AliasDrawTest} compares it with Smile's draws.
 *
 * <p>References: Walker, A. J. (1977). An efficient method for generating discrete random variables
 * with general distributions. ACM Transactions on Mathematical Software 3(3).
 */
final class AliasDraw {
  private AliasDraw() {}

  /**
   * The index Smile would draw for these weights (not normalised, non-negative; the array is not
   * changed), drawing one uniform from Smile's generator of the calling thread.
   */
  static int draw(double[] weights) {
    int n = weights.length;
    // MathEx.norm1, then unitize1's division, then random's scaling by n, in that order
    double norm = 0.0;
    for (double w : weights) {
      norm += Math.abs(w);
    }
    double u = MathEx.random() * n;
    int target = (int) u;
    u -= target;
    // Smile's stacks: the large indices (q >= 1) in index order, the top the highest; the small
    // ones likewise, the top the highest, except that a large one drained below 1 goes on top of
    // the small stack and is paired next. So the top of each is found by a downward scan.
    int large = n - 1;
    double qLarge = 0;
    for (; large >= 0; large--) {
      qLarge = weights[large] / norm * n;
      if (qLarge >= 1.0) {
        break;
      }
    }
    int small = n;
    int drained = -1;
    double qDrained = 0;
    while (true) {
      int j;
      double qj;
      if (drained >= 0) {
        j = drained;
        qj = qDrained;
        drained = -1;
      } else {
        j = small - 1;
        qj = 0;
        for (; j >= 0; j--) {
          qj = weights[j] / norm * n;
          if (!(qj >= 1.0)) {
            break;
          }
        }
        if (j < 0) {
          return target;
        }
        small = j;
      }
      if (large < 0) {
        // the large stack emptied: every index left keeps itself as its alias
        return target;
      }
      if (j == target) {
        return u < qj ? j : large;
      }
      qLarge += qj - 1;
      if (qLarge < 1.0) {
        drained = large;
        qDrained = qLarge;
        for (large--; large >= 0; large--) {
          qLarge = weights[large] / norm * n;
          if (qLarge >= 1.0) {
            break;
          }
        }
      }
    }
  }
}
