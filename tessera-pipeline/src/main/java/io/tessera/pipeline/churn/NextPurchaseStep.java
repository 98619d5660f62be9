package io.tessera.pipeline.churn;

import static io.tessera.predict.churn.ChurnReport.round;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Order;
import io.tessera.pipeline.columns.DoubleColumn;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnFeatures;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.predict.churn.ChurnReport;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.SavedChurn;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.predict.next.NextPurchase;
import io.tessera.predict.next.PurchaseBand;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The churn stage's probability of buying in the next 30 days: BG/NBD and a classifier (the kept
 * churn model's kind) are validated on the last window before the as-of date, and the one with the
 * lower Brier score scores every customer, with five bands.
 *
 * <p>The classifier is trained once, on the customers of the window's start and whether they bought
 * in it: its cross-validation's calibrated out-of-fold probabilities (each customer scored by a
 * model that did not see them, {@link TrainedChurn#outOfFold}) are its validation, and the same
 * model scores every customer when it is chosen. Until the seventeenth session a second classifier
 * was trained one window earlier only to be validated on this window (a second cross-validation and
 * refit, and a third cut-off day's profiles; issue 14).
 */
final class NextPurchaseStep {
  static final int DAYS = ChurnStage.NEXT_PURCHASE_DAYS;

  /**
   * What the step produced.
   *
   * @param report models/churn.json's next-purchase section
   * @param source {@code bgnbd} or {@code classifier}, or null when nothing was scored
   * @param buy each scored customer's probability of buying in the next 30 days
   * @param bands each scored customer's band id
   * @param bgnbd the BG/NBD model that scored, or null
   */
  record Result(
      ChurnReport.NextPurchase report,
      String source,
      Map<String, Double> buy,
      Map<String, String> bands,
      BgNbd bgnbd) {}

  private final LocalDate asOf;
  private final List<Order> orders;
  private final ZoneId zone;
  private final CutoffProfiles cutoffs;
  private final OrderDays tx;
  private final OrderDays.Parts everyone;
  private final ChurnTrainer.Options options;
  private final ChurnFeatures.Profile features;
  private final Function<SavedChurn, String> save;
  private final DoubleColumn.Builder buy = new DoubleColumn.Builder();
  private BgNbd bgnbd;

  /** The better of the validated sources ({@link #validate}), or null. */
  private NextPurchase.Validation chosenValidation;

  /** The classifier trained and validated by {@link #classifierValidation}, or null. */
  private TrainedChurn classifier;

  /**
   * @param tx the completed orders the models are fitted and validated on (a training sample's)
   * @param everyone every customer's completed orders, to score them with BG/NBD, or null: {@code
   *     tx} holds every customer's
   * @param options how the classifier is trained (its one model: the kept churn model's kind)
   * @param features the time-split features, as a saved model records them
   * @param save writes the classifier for later scoring; the file as the report names it
   */
  NextPurchaseStep(
      LocalDate asOf,
      List<Order> orders,
      ZoneId zone,
      CutoffProfiles cutoffs,
      OrderDays tx,
      OrderDays.Parts everyone,
      ChurnTrainer.Options options,
      ChurnFeatures.Profile features,
      Function<SavedChurn, String> save) {
    this.asOf = asOf;
    this.orders = orders;
    this.zone = zone;
    this.cutoffs = cutoffs;
    this.tx = tx;
    this.everyone = everyone;
    this.options = options;
    this.features = features;
    this.save = save;
  }

  Result run() {
    LocalDate testCut = asOf.minusDays(DAYS);
    List<ChurnReport.Validation> validations = new ArrayList<>();
    String status = validate(testCut, validations);
    NextPurchase.Validation chosen = chosenValidation;
    String source = chosen == null ? "bgnbd" : chosen.source();
    ChurnReport.NextBgNbd parameters = null;
    String saved = null;
    String notScored = null;
    try {
      if (source.equals("classifier")) {
        saved = scoreWithClassifier();
      } else {
        TransactionSummary now =
            TransactionSummary.of(
                tx.ids(), tx.days(), tx.amounts(), asOf, null, TransactionSummary.TimeUnit.DAYS);
        BgNbd m = BgNbd.fit(now.calibration());
        bgnbd = m;
        parameters = ChurnReport.NextBgNbd.of(m, asOf);
        if (everyone == null) {
          score(m, now);
        } else {
          // fitted on the sample, it scores every customer: each one's summary is their own
          everyone.forEach(
              part ->
                  score(
                      m,
                      TransactionSummary.of(
                          part.ids(),
                          part.days(),
                          part.amounts(),
                          asOf,
                          null,
                          TransactionSummary.TimeUnit.DAYS)));
        }
      }
    } catch (IllegalArgumentException e) {
      notScored = "not scored: " + e.getMessage();
    }
    DoubleColumn scored = buy.build();
    ChurnReport.NextPurchase report =
        new ChurnReport.NextPurchase(
            DAYS,
            new ChurnReport.Split(testCut, testCut, asOf, NextPurchase.CLASSIFIER_VALIDATION),
            validations,
            notScored != null ? notScored : status,
            source,
            ChurnReport.NextPurchase.CHOSEN_BY,
            parameters,
            saved,
            notScored != null ? null : ChurnJson.bands(scored.values()),
            notScored != null ? null : scored.size());
    return new Result(
        report,
        notScored != null ? null : source,
        scored,
        // a band is a function of the probability: read through it, not kept per customer
        scored.mapped(p -> PurchaseBand.of(p).id()),
        bgnbd);
  }

  /** Scores the customers of a summary with BG/NBD. */
  private void score(BgNbd m, TransactionSummary now) {
    double[] p = NextPurchase.fromBgNbd(m, now.calibration(), DAYS);
    for (int i = 0; i < p.length; i++) {
      buy.put(now.customerIds().get(i), round(p[i]));
    }
  }

  /**
   * Validates BG/NBD and the classifier on the last window before the as-of date, adding their
   * figures (or why they were not fitted) to {@code validations}.
   *
   * @return why nothing was validated, or null
   */
  private String validate(LocalDate testCut, List<ChurnReport.Validation> validations) {
    TransactionSummary s1 =
        TransactionSummary.of(
            tx.ids(), tx.days(), tx.amounts(), testCut, asOf, TransactionSummary.TimeUnit.DAYS);
    int[] bought = new int[s1.customerIds().size()];
    double[] holdout = s1.holdoutPurchases();
    for (int i = 0; i < bought.length; i++) {
      bought[i] = holdout[i] > 0 ? 1 : 0;
    }
    int positives = Arrays.stream(bought).sum();
    if (positives == 0 || positives == bought.length) {
      return "not validated: the last " + DAYS + " days hold no purchase";
    }
    NextPurchase.Validation bg = null;
    NextPurchase.Validation cl = null;
    try {
      BgNbd m1 = BgNbd.fit(s1.calibration());
      bg =
          NextPurchase.Validation.of(
              "bgnbd", NextPurchase.fromBgNbd(m1, s1.calibration(), DAYS), bought);
    } catch (IllegalArgumentException e) {
      validations.add(ChurnReport.Validation.notFitted("bgnbd", e.getMessage()));
    }
    try {
      cl = classifierValidation(s1, bought, testCut);
    } catch (IllegalArgumentException e) {
      validations.add(ChurnReport.Validation.notFitted("classifier", e.getMessage()));
    }
    for (NextPurchase.Validation v : Arrays.asList(bg, cl)) {
      if (v != null) {
        validations.add(ChurnReport.Validation.of(v));
      }
    }
    chosenValidation =
        bg != null && cl != null ? NextPurchase.better(bg, cl) : bg != null ? bg : cl;
    return null;
  }

  /**
   * Trains the classifier on the window's start (whether each customer with a completed order by
   * {@code testCut} bought in the {@link #DAYS} days after) and validates it by its calibrated
   * out-of-fold probabilities on BG/NBD's cohort, in BG/NBD's order; the model is kept for {@link
   * #scoreWithClassifier}.
   */
  private NextPurchase.Validation classifierValidation(
      TransactionSummary s1, int[] bought, LocalDate testCut) {
    List<CustomerId> trainIds = new ArrayList<>();
    ChurnData x1 = cutoffs.buyersAsOf(testCut, trainIds);
    int[] y1 = new ChurnLabels(testCut, DAYS).bought(trainIds, orders, zone);
    TrainedChurn model = ChurnTrainer.train(x1.withLabels(y1), options);
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < trainIds.size(); i++) {
      row.put(trainIds.get(i).value(), i);
    }
    // the same customers as BG/NBD's cohort, in its order
    double[] oof = model.outOfFold();
    double[] p = new double[s1.customerIds().size()];
    for (int i = 0; i < p.length; i++) {
      Integer r = row.get(s1.customerIds().get(i));
      if (r == null) {
        throw new IllegalStateException(
            "customer " + s1.customerIds().get(i) + " is in the BG/NBD cohort but has no profile");
      }
      p[i] = oof[r];
    }
    classifier = model;
    return NextPurchase.Validation.of("classifier", p, bought);
  }

  /**
   * Scores next purchases with the validated classifier; the saved model's file as the report names
   * it.
   */
  private String scoreWithClassifier() {
    TrainedChurn model = classifier;
    String saved = save.apply(new SavedChurn("purchase", asOf, DAYS, features, model.scorer()));
    List<CustomerId> nowIds = new ArrayList<>();
    ChurnData now = cutoffs.buyersAsOf(asOf, nowIds);
    double[] p = model.probability(now);
    for (int i = 0; i < p.length; i++) {
      buy.put(nowIds.get(i).value(), round(p[i]));
    }
    return saved;
  }
}
