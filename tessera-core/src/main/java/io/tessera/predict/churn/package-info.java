/**
 * Churn: a classifier of who will not buy again, from a table with a label column, validated by
 * stratified k-fold cross-validation with ranking and calibration metrics.
 */
package io.tessera.predict.churn;
