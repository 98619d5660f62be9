/**
 * Churn: three classifiers behind one sealed fit/apply interface (XGBoost, a Smile random forest,
 * Smile logistic regression as the baseline), trained on a label column or on a time split of the
 * customers' own history, validated by stratified k-fold cross-validation with ranking and
 * calibration metrics, calibrated, thresholded by a stated rule, and explained per customer.
 */
package io.tessera.predict.churn;
