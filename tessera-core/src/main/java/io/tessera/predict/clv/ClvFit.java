package io.tessera.predict.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every customer's lifetime-value figures, and which method produced them: BG/NBD with Gamma-Gamma
 * when both fit the data, else the {@link EmpiricalRate} fallback, with warnings saying why. The
 * models "do not fit" when they cannot be fitted (fewer than ten customers, or ten repeat buyers),
 * when a maximum-likelihood search does not converge, or when any customer's figures are not finite
 * and non-negative with p_alive in [0, 1] ({@link CustomerValue#sane}). A fit with parameters at
 * the bounds of the search is kept, with a warning: the data then look homogeneous and the bounded
 * model says so.
 *
 * @param method which method produced the figures
 * @param purchases the BG/NBD, or null when the fallback produced the figures
 * @param spend the Gamma-Gamma, or null when the fallback produced the figures
 * @param empirical the fallback's shop figures, or null when the models produced the figures
 * @param warnings what a reader of the figures should know, in English
 * @param values row i's figures for row i of the summary
 */
public record ClvFit(
    Method method,
    BgNbd purchases,
    GammaGamma spend,
    EmpiricalRate empirical,
    List<String> warnings,
    List<CustomerValue> values) {

  /** How the figures were produced; {@link #wireName} is the value of clv.json's {@code method}. */
  public enum Method {
    BGNBD_GAMMA_GAMMA("bgnbd_gamma_gamma"),
    EMPIRICAL_RATE("empirical_rate");

    private final String wireName;

    Method(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public ClvFit {
    warnings = List.copyOf(warnings);
    values = List.copyOf(values);
  }

  /** Fits, checks and, when the models do not fit, falls back. Never throws on data. */
  public static ClvFit of(RepeatSummary data, TransactionSummary.TimeUnit unit) {
    List<String> warnings = new ArrayList<>();
    String problem;
    try {
      // the two fits share nothing: Gamma-Gamma's runs beside BG/NBD's, and a failure is reported
      // as it would be one after the other (BG/NBD's first)
      java.util.concurrent.CompletableFuture<Fitted<GammaGamma>> spendFit =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> GammaGamma.fitReport(data));
      Fitted<BgNbd> purchases;
      try {
        purchases = BgNbd.fitReport(data);
      } catch (RuntimeException e) {
        spendFit.cancel(false);
        throw e;
      }
      Fitted<GammaGamma> spend;
      try {
        spend = spendFit.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      problem = convergence("BG/NBD", purchases);
      if (problem == null) {
        problem = convergence("Gamma-Gamma", spend);
      }
      if (problem == null) {
        bounds("BG/NBD", purchases, warnings);
        bounds("Gamma-Gamma", spend, warnings);
        List<CustomerValue> values = new ArrayList<>(data.size());
        int bad = 0;
        int firstBad = -1;
        for (int i = 0; i < data.size(); i++) {
          CustomerValue v;
          try {
            v = CustomerValue.of(purchases.model(), spend.model(), data, i, unit);
          } catch (ArithmeticException e) {
            v = null;
          }
          if (v == null || !v.sane()) {
            bad++;
            firstBad = firstBad < 0 ? i : firstBad;
          }
          values.add(v);
        }
        if (bad == 0) {
          return new ClvFit(
              Method.BGNBD_GAMMA_GAMMA, purchases.model(), spend.model(), null, warnings, values);
        }
        problem =
            String.format(
                Locale.ROOT,
                "BG/NBD and Gamma-Gamma gave %d of %d customers a p_alive outside [0, 1] or"
                    + " expected purchases or CLV that are not finite and non-negative (first:"
                    + " x=%s, t_x=%s, T=%s)",
                bad,
                data.size(),
                data.x(firstBad),
                data.tx(firstBad),
                data.age(firstBad));
      }
    } catch (IllegalArgumentException e) {
      problem = "BG/NBD and Gamma-Gamma cannot be fitted: " + e.getMessage();
    }
    warnings.clear();
    warnings.add(
        problem
            + "; the figures come from each customer's empirical purchase rate instead (method"
            + " empirical_rate), a cruder model of dropout");
    EmpiricalRate empirical = EmpiricalRate.of(data);
    List<CustomerValue> values = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      values.add(empirical.value(data, i, unit));
    }
    return new ClvFit(Method.EMPIRICAL_RATE, null, null, empirical, warnings, values);
  }

  private static String convergence(String model, Fitted<?> fit) {
    return fit.converged()
        ? null
        : model
            + " did not converge (the likelihood search ran out of its "
            + MaximumLikelihood.MAX_EVALUATIONS
            + " evaluations or the likelihood is not finite)";
  }

  private static void bounds(String model, Fitted<?> fit, List<String> warnings) {
    if (!fit.atBounds().isEmpty()) {
      warnings.add(
          model
              + " parameters "
              + String.join(", ", fit.atBounds())
              + " are at the bounds of the search ("
              + (model.equals("BG/NBD")
                  ? "r and alpha describe how purchase rates vary across customers, a and b how"
                      + " dropout does"
                  : "p describes how spend varies within a customer, q and gamma how it varies"
                      + " across customers")
              + "): the data show about no such variation, and the figures are those of the most"
              + " homogeneous model allowed");
    }
  }
}
