package io.tessera.predict.clv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.model.Fingerprint;
import io.tessera.model.ModelJson;
import io.tessera.model.ModelProvenance;
import io.tessera.model.Versions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lifetime-value model of a run as {@code models/clv.json} holds it: BG/NBD with Gamma-Gamma,
 * or the {@link EmpiricalRate} fallback with the warnings that say why, fitted on the purchases up
 * to {@code calibration_end}; or, when nothing could be fitted, only the status that says why. It
 * values any customer from their repeat-purchase history ({@link #value}), in the batch run and in
 * the live engine alike, and reads back from its own JSON to the same bits.
 *
 * <p>The file's keys (public API): {@code format_version, time_unit, calibration_end, status,
 * method, customers, repeat_buyers, warnings, bgnbd {r, alpha, a, b, log_likelihood}, gamma_gamma
 * {p, q, gamma, log_likelihood}, frequency_spend_correlation} or {@code empirical_rate {rate,
 * weight, spend}}, {@code holdout_length}, and {@code provenance} ({@link ModelProvenance}). A file
 * without a fit holds {@code format_version, status} and {@code customers} (0), or {@code status:
 * skipped} and {@code reason}.
 *
 * @param unit the models' time unit, or null without a fit
 * @param calibrationEnd the as-of date the models were fitted up to, or null without a fit
 * @param status {@code fitted}, or why not (as models/clv.json's {@code status})
 * @param reason why the stage was skipped (status {@code skipped}), else null
 * @param method which method produced the figures, or null without a fit
 * @param customers customers in the calibration, or null in a skipped file
 * @param repeatBuyers of those, customers with a repeat purchase
 * @param warnings what a reader of the figures should know, in English
 * @param purchases the BG/NBD, or null
 * @param spend the Gamma-Gamma, or null
 * @param frequencySpendCorrelation frequency against mean spend among repeat buyers (BG/NBD only)
 * @param empirical the fallback's shop figures, or null
 * @param holdoutLength the holdout's length in the time unit (0 without one)
 * @param provenance where the fit came from, or null without a fit
 */
public record ClvReport(
    TransactionSummary.TimeUnit unit,
    LocalDate calibrationEnd,
    String status,
    String reason,
    ClvFit.Method method,
    Integer customers,
    long repeatBuyers,
    List<String> warnings,
    BgNbd purchases,
    GammaGamma spend,
    double frequencySpendCorrelation,
    EmpiricalRate empirical,
    double holdoutLength,
    ModelProvenance provenance) {

  /** The version of {@link #toJson()}'s shape. */
  public static final int FORMAT_VERSION = 1;

  /** The file, for messages. */
  public static final String FILE = "models/clv.json";

  /** The status of a BG/NBD + Gamma-Gamma fit. */
  public static final String FITTED = "fitted";

  /** The status when the fallback produced the figures. */
  public static final String FALLBACK =
      "not fitted, figures from the empirical rate instead (why: warnings in models/clv.json)";

  /**
   * Above this, frequency and spend are too correlated for Gamma-Gamma's independence assumption.
   */
  public static final double CORRELATION_WARNING = 0.3;

  public ClvReport {
    warnings = List.copyOf(warnings);
    if (status == null) {
      throw new IllegalArgumentException("a clv model needs a status");
    }
    if (method == ClvFit.Method.BGNBD_GAMMA_GAMMA && (purchases == null || spend == null)) {
      throw new IllegalArgumentException("method bgnbd_gamma_gamma needs both models");
    }
    if (method == ClvFit.Method.EMPIRICAL_RATE && empirical == null) {
      throw new IllegalArgumentException("method empirical_rate needs its shop figures");
    }
    if (method != null && (unit == null || calibrationEnd == null || customers == null)) {
      throw new IllegalArgumentException("a fitted clv model needs its time unit, date and size");
    }
  }

  /**
   * The model of a fit: its method and parameters, warnings (the fit's, and the Gamma-Gamma
   * independence warning when frequency and spend are correlated beyond {@link
   * #CORRELATION_WARNING}) and provenance.
   *
   * @param fit the fit on {@code summary.calibration()}
   * @param summary the transactions it was fitted on (fingerprinted)
   * @param calibrationEnd the as-of date
   * @param startNanos {@link System#nanoTime()} when the fit started
   */
  public static ClvReport of(
      ClvFit fit,
      TransactionSummary summary,
      TransactionSummary.TimeUnit unit,
      LocalDate calibrationEnd,
      long startNanos) {
    RepeatSummary c = summary.calibration();
    List<String> warnings = new ArrayList<>(fit.warnings());
    double correlation = Double.NaN;
    boolean models = fit.method() == ClvFit.Method.BGNBD_GAMMA_GAMMA;
    if (models) {
      correlation = correlation(c);
      if (Math.abs(correlation) > CORRELATION_WARNING) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "frequency and spend per purchase are correlated (%.2f): Gamma-Gamma assumes they"
                    + " are independent, so clv_365d is less reliable for the most frequent buyers",
                correlation));
      }
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("time_unit", unit.name().toLowerCase(Locale.ROOT));
    options.put("calibration_end", calibrationEnd.toString());
    options.put("clv_months", CustomerValue.CLV_MONTHS);
    options.put("monthly_discount", CustomerValue.MONTHLY_DISCOUNT);
    options.put("expected_purchases_days", CustomerValue.EXPECTED_PURCHASES_DAYS);
    return new ClvReport(
        unit,
        calibrationEnd,
        models ? FITTED : FALLBACK,
        null,
        fit.method(),
        c.size(),
        c.repeatBuyers(),
        warnings,
        fit.purchases(),
        fit.spend(),
        correlation,
        fit.empirical(),
        summary.holdoutLength(),
        ModelProvenance.endingNow(
            fingerprint(summary), options, Versions.of("hipparchus"), startNanos));
  }

  /** A file without a fit: {@code status} says why, {@code customers} is 0. */
  public static ClvReport notFitted(String status) {
    return new ClvReport(
        null, null, status, null, null, 0, 0, List.of(), null, null, Double.NaN, null, 0, null);
  }

  /** The file of a skipped stage: {@code status: skipped} and the reason. */
  public static ClvReport skipped(String reason) {
    return new ClvReport(
        null,
        null,
        "skipped",
        reason,
        null,
        null,
        0,
        List.of(),
        null,
        null,
        Double.NaN,
        null,
        0,
        null);
  }

  /** Whether a method produced figures (else only {@link #status} says why not). */
  public boolean fitted() {
    return method != null;
  }

  /**
   * A customer's figures from their history in the model's time unit: {@code x} repeat purchases,
   * {@code tx} the time of the last since the first, {@code age} the time since the first up to the
   * calibration end, {@code meanSpend} the mean value of the repeat purchases.
   *
   * @throws IllegalStateException when the file holds no fit
   */
  public CustomerValue value(double x, double tx, double age, double meanSpend) {
    RepeatSummary one =
        new RepeatSummary(
            new double[] {x}, new double[] {tx}, new double[] {age}, new double[] {meanSpend});
    return value(one, 0);
  }

  /** The figures of row {@code i} of a history in the model's time unit. */
  public CustomerValue value(RepeatSummary history, int i) {
    if (method == null) {
      throw new IllegalStateException("models/clv.json holds no fit: " + status);
    }
    return switch (method) {
      case BGNBD_GAMMA_GAMMA -> CustomerValue.of(purchases, spend, history, i, unit);
      case EMPIRICAL_RATE -> empirical.value(history, i, unit);
    };
  }

  /** The model as {@code models/clv.json}. */
  public String toJson() {
    return ModelJson.write(toJsonTree());
  }

  /** {@link #toJson()} as a tree, keys in the file's order. */
  public ObjectNode toJsonTree() {
    ObjectNode root = ModelJson.MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    if (method == null) {
      root.put("status", status);
      if (reason != null) {
        root.put("reason", reason);
      }
      if (customers != null) {
        root.put("customers", customers);
      }
      return root;
    }
    root.put("time_unit", unit.name().toLowerCase(Locale.ROOT));
    root.put("calibration_end", calibrationEnd.toString());
    root.put("status", status);
    root.put("method", method.wireName());
    root.put("customers", customers);
    root.put("repeat_buyers", repeatBuyers);
    warnings.forEach(root.putArray("warnings")::add);
    if (purchases != null) {
      root.set("bgnbd", purchases.toJson());
      root.set("gamma_gamma", spend.toJson());
      root.put("frequency_spend_correlation", frequencySpendCorrelation);
    } else {
      root.set("empirical_rate", empirical.toJson());
    }
    root.put("holdout_length", holdoutLength);
    if (provenance != null) {
      provenance.writeTo(root.putObject("provenance"));
    }
    return root;
  }

  /**
   * Reads {@code models/clv.json}.
   *
   * @param file the file's name as the user knows it, for messages (e.g. {@code
   *     out/models/clv.json})
   * @throws ConfigException naming the file and key of what is missing or malformed, or of a {@code
   *     format_version} newer than {@link #FORMAT_VERSION}
   */
  public static ClvReport fromJson(String json, String file) {
    ObjectNode root = ModelJson.read(json, file, FORMAT_VERSION);
    String status = ModelJson.text(root, "status", "", file);
    if (!root.has("method")) {
      return new ClvReport(
          null,
          null,
          status,
          ModelJson.optionalText(root, "reason", "", file),
          null,
          root.has("customers") ? (int) ModelJson.number(root, "customers", "", file) : null,
          0,
          List.of(),
          null,
          null,
          Double.NaN,
          null,
          0,
          null);
    }
    String methodName = ModelJson.text(root, "method", "", file);
    ClvFit.Method method = null;
    for (ClvFit.Method m : ClvFit.Method.values()) {
      if (m.wireName().equals(methodName)) {
        method = m;
      }
    }
    if (method == null) {
      throw ConfigException.inFile(
          file, "method", "'" + methodName + "' is not bgnbd_gamma_gamma or empirical_rate");
    }
    String unitName = ModelJson.text(root, "time_unit", "", file);
    TransactionSummary.TimeUnit unit;
    try {
      unit = TransactionSummary.TimeUnit.valueOf(unitName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ConfigException.inFile(file, "time_unit", "must be days or weeks, got " + unitName);
    }
    String end = ModelJson.text(root, "calibration_end", "", file);
    LocalDate calibrationEnd;
    try {
      calibrationEnd = LocalDate.parse(end);
    } catch (java.time.format.DateTimeParseException e) {
      throw ConfigException.inFile(file, "calibration_end", "'" + end + "' is not a date");
    }
    List<String> warnings = new ArrayList<>();
    root.path("warnings").forEach(w -> warnings.add(w.asText()));
    boolean models = method == ClvFit.Method.BGNBD_GAMMA_GAMMA;
    JsonNode provenance = root.path("provenance");
    return new ClvReport(
        unit,
        calibrationEnd,
        status,
        null,
        method,
        (int) ModelJson.number(root, "customers", "", file),
        (long) ModelJson.number(root, "repeat_buyers", "", file),
        warnings,
        models ? BgNbd.fromJson(root.path("bgnbd"), "bgnbd", file) : null,
        models ? GammaGamma.fromJson(root.path("gamma_gamma"), "gamma_gamma", file) : null,
        models ? ModelJson.number(root, "frequency_spend_correlation", "", file) : Double.NaN,
        models ? null : EmpiricalRate.fromJson(root.path("empirical_rate"), "empirical_rate", file),
        ModelJson.number(root, "holdout_length", "", file),
        provenance.isMissingNode() ? null : ModelProvenance.fromJson(provenance, file));
  }

  /**
   * Pearson correlation of frequency and mean spend among repeat buyers (Gamma-Gamma assumes ~0).
   */
  public static double correlation(RepeatSummary c) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    int n = 0;
    for (int i = 0; i < c.size(); i++) {
      if (c.x(i) > 0) {
        double x = c.x(i);
        double y = c.meanSpend(i);
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
        n++;
      }
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  }

  /** SHA-256 of the cohort and its calibration summary (id, x, t_x, T, mean spend per row). */
  static String fingerprint(TransactionSummary summary) {
    Fingerprint f = new Fingerprint();
    RepeatSummary c = summary.calibration();
    for (int i = 0; i < c.size(); i++) {
      f.add(summary.customerIds().get(i)).add(c.x(i)).add(c.tx(i)).add(c.age(i));
      f.add(c.meanSpend(i));
    }
    return f.value();
  }
}
