package io.tessera.feature;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileSettings;
import java.time.LocalDate;
import java.util.List;

/**
 * Computes one customer's raw feature row: the same code for a batch matrix and for one customer in
 * the live engine, so the two cannot disagree. Missing values are NaN.
 */
public final class FeatureExtractor {
  private final List<Feature> features;
  private final boolean needsProfileValues;

  public FeatureExtractor(List<Feature> features) {
    this.features = List.copyOf(features);
    this.needsProfileValues = this.features.stream().anyMatch(f -> f instanceof Feature.Profile);
  }

  public List<Feature> features() {
    return features;
  }

  public List<String> names() {
    return features.stream().map(Feature::name).toList();
  }

  /**
   * The raw row of one customer.
   *
   * @param profile the customer's profile, or null when the customer has no record yet
   * @param customer the customer's row of the customers file, or null when absent
   * @param settings the profile settings (used for a customer without a profile)
   * @throws IllegalArgumentException when an attribute holds text that is not a number
   */
  public double[] row(
      CustomerProfile profile, Customer customer, ProfileSettings settings, LocalDate asOf) {
    double[] out = new double[features.size()];
    double[] values = null;
    if (needsProfileValues) {
      values = profile != null ? profile.values(asOf) : EmptyProfiles.values(settings, asOf);
    }
    for (int j = 0; j < out.length; j++) {
      out[j] =
          switch (features.get(j)) {
            case Feature.Profile p -> values[p.field().ordinal()];
            case Feature.CategoryShare c ->
                profile == null ? Double.NaN : profile.categoryShare(c.category());
            case Feature.Attribute a -> attribute(customer, a.key());
          };
    }
    return out;
  }

  static double attribute(Customer customer, String key) {
    if (customer == null) {
      return Double.NaN;
    }
    String text = customer.attributes().get(key);
    if (text == null || text.isBlank()) {
      return Double.NaN;
    }
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "attribute '"
              + key
              + "' of customer "
              + customer.customerId()
              + " is not a number: '"
              + text
              + "'; map it to numbers in the source (e.g. a CASE expression in its SQL) or leave"
              + " the feature out",
          e);
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "attribute '" + key + "' of customer " + customer.customerId() + " is not finite: " + v);
    }
    return v;
  }

  /** The values of a profile without records, which do not depend on the customer. */
  private static final class EmptyProfiles {
    private static final CustomerId NOBODY = CustomerId.of("-");

    static double[] values(ProfileSettings settings, LocalDate asOf) {
      return new CustomerProfile(NOBODY, settings).values(asOf);
    }
  }
}
