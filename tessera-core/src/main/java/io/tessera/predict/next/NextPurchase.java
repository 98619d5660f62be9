package io.tessera.predict.next;

import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.RepeatSummary;

/**
 * The probability of buying in the next days, from either of two models: BG/NBD, as 1 - P(no
 * purchase in the window | history), or a classifier trained on the label "bought in the next days"
 * from a time split. Both are validated the same way on a later time split, so the better one can
 * be chosen and both reported.
 */
public final class NextPurchase {
  private NextPurchase() {}

  /** The default window: the next 30 days. */
  public static final int DEFAULT_DAYS = 30;

  /**
   * How the classifier is validated (churn.json's {@code
   * next_purchase.split.classifier_validation}): trained once at the test window's start, its own
   * cross-validation's out-of-fold probabilities on the window are its figures, and the same model
   * scores every customer when chosen.
   */
  public static final String CLASSIFIER_VALIDATION =
      "trained on the customers of the test cut-off and whether they bought in the window; each"
          + " scored by the calibrated out-of-fold probability of its cross-validation (a model"
          + " that did not see them); the same model scores every customer when chosen";

  /**
   * BG/NBD's probability of at least one purchase in the next {@code t} (in the model's time unit)
   * for each customer of the summary.
   */
  public static double[] fromBgNbd(BgNbd model, RepeatSummary history, double t) {
    double[] p = new double[history.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = 1 - model.probabilityOfNoPurchases(t, history.x(i), history.tx(i), history.age(i));
    }
    return p;
  }

  /**
   * A model's figures on a held-out time split.
   *
   * @param source {@code bgnbd} or {@code classifier}
   * @param rocAuc ROC-AUC of the probabilities against who bought
   * @param brier Brier score
   * @param meanPredicted mean predicted probability
   * @param observedRate share who bought
   * @param rows customers validated on
   */
  public record Validation(
      String source,
      double rocAuc,
      double brier,
      double meanPredicted,
      double observedRate,
      long rows) {

    /** Validates probabilities against outcomes (1 = bought). */
    public static Validation of(String source, double[] p, int[] bought) {
      double mean = 0;
      double rate = 0;
      for (int i = 0; i < p.length; i++) {
        mean += p[i] / p.length;
        rate += bought[i] / (double) p.length;
      }
      return new Validation(
          source,
          ChurnMetrics.rocAuc(p, bought),
          ChurnMetrics.brier(p, bought),
          mean,
          rate,
          p.length);
    }
  }

  /**
   * The better of two validations: the lower Brier score, since the bands are probability cut-offs
   * and need calibrated probabilities as much as a good ranking.
   */
  public static Validation better(Validation a, Validation b) {
    return b.brier() < a.brier() ? b : a;
  }
}
