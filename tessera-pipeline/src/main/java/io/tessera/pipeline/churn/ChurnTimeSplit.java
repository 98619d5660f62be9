package io.tessera.pipeline.churn;

import io.tessera.contract.Customer;
import io.tessera.contract.Order;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.profile.ProfileTable;
import java.util.List;

/**
 * What the churn stage's time split trained on, for a later stage that trains on the same split
 * (the text stage's "does text help?") to reuse instead of folding the store and training the same
 * model again.
 *
 * @param split the label's cut-off and window
 * @param profiles the profiles as of the cut-off (shared: copy a profile before changing it)
 * @param customers the customers the feature matrix was built with
 * @param orders the orders the labels were read from
 * @param settings the settings trained with (their features and trainer options)
 * @param cvRocAuc the trained model's cross-validated ROC-AUC
 */
public record ChurnTimeSplit(
    ChurnLabels split,
    ProfileTable profiles,
    List<Customer> customers,
    List<Order> orders,
    ChurnSettings settings,
    double cvRocAuc) {}
