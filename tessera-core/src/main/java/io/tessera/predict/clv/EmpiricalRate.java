package io.tessera.predict.clv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.model.ModelJson;

/**
 * The fallback when BG/NBD and Gamma-Gamma do not fit the data (too few customers or repeat buyers,
 * a fit that does not converge, or predictions that are not finite and non-negative): each
 * customer's own repeat-purchase rate, shrunk towards the shop's. It cannot fail and needs no
 * optimisation, at the price of a cruder model of dropout.
 *
 * <ul>
 *   <li>Rate: {@code lambda_i = (x_i + rate * weight) / (T_i + weight)}, the posterior mean of a
 *       Poisson rate under a gamma prior with the shop's pooled rate {@code rate = sum x / sum T}
 *       as its mean and {@code weight} = the mean T as its weight in time units (the conjugate
 *       gamma-Poisson update; Gelman et al., Bayesian Data Analysis, 3rd ed., section 2.6). A
 *       customer seen briefly gets about the shop's rate, one seen for long their own.
 *   <li>P(alive): {@code exp(-lambda_i (T_i - t_x,i))}, the probability that a customer still
 *       buying at lambda_i leaves a gap at least as long as the one since their last purchase.
 *   <li>Expected purchases in t: {@code P(alive) * lambda_i * t}.
 *   <li>Value per purchase: {@code (x_i m_i + spend) / (x_i + 1)}, the customer's mean repeat spend
 *       shrunk by one purchase towards the shop's mean repeat spend {@code spend = sum x m / sum
 *       x}; discounted over the months as {@link Clv} does.
 * </ul>
 *
 * @param rate the shop's repeat purchases per time unit of observation (0 without any)
 * @param weight the prior's weight in time units (the mean T)
 * @param spend the shop's mean repeat spend per purchase (0 without repeat purchases)
 */
public record EmpiricalRate(double rate, double weight, double spend) {
  public EmpiricalRate {
    if (!(rate >= 0 && weight >= 0 && spend >= 0) || !Double.isFinite(rate + weight + spend)) {
      throw new IllegalArgumentException(
          "empirical rate: need finite rate, weight and spend >= 0, got "
              + rate
              + ", "
              + weight
              + ", "
              + spend);
    }
  }

  /** The shop's pooled figures. */
  public static EmpiricalRate of(RepeatSummary data) {
    double purchases = 0;
    double time = 0;
    double value = 0;
    for (int i = 0; i < data.size(); i++) {
      purchases += data.x(i);
      time += data.age(i);
      value += data.x(i) * Math.max(data.meanSpend(i), 0);
    }
    int n = data.size();
    return new EmpiricalRate(
        time > 0 ? purchases / time : 0,
        n > 0 ? time / n : 0,
        purchases > 0 ? value / purchases : 0);
  }

  /** The customer's purchase rate per time unit while alive. */
  public double customerRate(double x, double age) {
    return age + weight > 0 ? (x + rate * weight) / (age + weight) : rate;
  }

  /** The probability that the customer is still buying. */
  public double pAlive(double x, double tx, double age) {
    return Math.exp(-customerRate(x, age) * (age - tx));
  }

  /** Expected purchases in (T, T + t]. */
  public double expectedPurchases(double t, double x, double tx, double age) {
    return pAlive(x, tx, age) * customerRate(x, age) * t;
  }

  /** The expected value of one of the customer's purchases. */
  public double valuePerPurchase(double x, double meanSpend) {
    return (x * Math.max(meanSpend, 0) + spend) / (x + 1);
  }

  /** Row {@code i}'s figures, as {@link CustomerValue#of} gives BG/NBD's. */
  public CustomerValue value(RepeatSummary history, int i, TransactionSummary.TimeUnit unit) {
    double x = history.x(i);
    double tx = history.tx(i);
    double age = history.age(i);
    return new CustomerValue(
        pAlive(x, tx, age),
        expectedPurchases(CustomerValue.EXPECTED_PURCHASES_DAYS / unit.days(), x, tx, age),
        Clv.discounted(
            t -> expectedPurchases(t, x, tx, age),
            valuePerPurchase(x, history.meanSpend(i)),
            CustomerValue.CLV_MONTHS,
            CustomerValue.MONTHLY_DISCOUNT,
            unit.days()));
  }

  /**
   * The shop's figures as {@code models/clv.json}'s {@code empirical_rate}: rate, weight, spend.
   */
  public ObjectNode toJson() {
    return ModelJson.MAPPER
        .createObjectNode()
        .put("rate", rate)
        .put("weight", weight)
        .put("spend", spend);
  }

  /**
   * Reads {@link #toJson()}'s object.
   *
   * @throws ConfigException naming the file and key of a missing or invalid figure
   */
  public static EmpiricalRate fromJson(JsonNode node, String where, String file) {
    ModelJson.requireObject(node, where, file);
    try {
      return new EmpiricalRate(
          ModelJson.number(node, "rate", where, file),
          ModelJson.number(node, "weight", where, file),
          ModelJson.number(node, "spend", where, file));
    } catch (IllegalArgumentException e) {
      throw ConfigException.inFile(file, where, e.getMessage());
    }
  }
}
