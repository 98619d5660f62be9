package io.tessera.pipeline.churn;

import io.tessera.predict.churn.SavedChurn;
import io.tessera.predict.clv.BgNbd;

/**
 * The models the churn and next-purchase stage fitted, as objects (each null when not fitted): what
 * {@code models/churn_model.json}, {@code models/next_purchase_model.json} and churn.json's {@code
 * next_purchase.bgnbd} hold.
 *
 * @param churn the calibrated churn classifier with its feature recipe
 * @param nextPurchase the next-purchase classifier, when it was the chosen source
 * @param nextPurchaseBgNbd the BG/NBD parameters (days) of the next-purchase probability, when
 *     BG/NBD was the chosen source
 */
public record ChurnModels(SavedChurn churn, SavedChurn nextPurchase, BgNbd nextPurchaseBgNbd) {}
