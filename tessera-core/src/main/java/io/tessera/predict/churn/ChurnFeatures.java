package io.tessera.predict.churn;

import io.tessera.contract.Customer;
import io.tessera.feature.Feature;
import io.tessera.feature.FeatureExtractor;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import java.time.LocalDate;
import java.util.List;

/**
 * Where a churn model's columns come from, and how one customer's row is made: the same functions
 * the batch run uses, so that a customer scored later by a saved model ({@link SavedChurn}) gets
 * the row the batch run would have given them.
 */
public sealed interface ChurnFeatures permits ChurnFeatures.Profile, ChurnFeatures.Columns {

  /** The encoded column names, in the model's order. */
  List<String> columns();

  /**
   * Profile features as of a day (a time-split model): the profile fields (or category shares,
   * numeric attributes) named by {@code names}, each customer's profile folded with every record
   * before the end of the day in {@code settings}' zone. Only customers with a completed order by
   * then are scored ({@link #scores}), as the model was trained on such customers.
   *
   * @param names the feature names, e.g. {@code recency_days}
   * @param settings the zone of "day" and the session gap the profiles were folded with
   */
  record Profile(List<String> names, ProfileSettings settings) implements ChurnFeatures {
    public Profile {
      names = List.copyOf(names);
      names.forEach(Feature::parse);
    }

    @Override
    public List<String> columns() {
      return names;
    }

    /**
     * Whether a customer with these profile values (as of the scoring day) is scored: at least one
     * completed order.
     */
    public static boolean scores(double[] profileValues) {
      return scoresFrequency(profileValues[ProfileField.FREQUENCY.ordinal()]);
    }

    /** {@link #scores} from the profile's {@link ProfileField#FREQUENCY} alone. */
    public static boolean scoresFrequency(double frequency) {
      return frequency >= 1;
    }

    /**
     * One customer's row as of a day, by the {@link FeatureExtractor} a batch feature matrix uses.
     *
     * @param profile the customer's profile (null: no record yet)
     * @param customer the customer's row of the customers file, or null
     */
    public ChurnData row(CustomerProfile profile, Customer customer, LocalDate asOf) {
      FeatureExtractor extractor =
          new FeatureExtractor(names.stream().map(Feature::parse).toList());
      double[] row = extractor.row(profile, customer, settings, asOf);
      return ChurnData.of(new double[][] {row}, extractor.names(), null);
    }
  }

  /**
   * Customers-file columns (a label-column model): the table {@code header} built from each
   * customer's row by {@link #cells}, encoded by the fitted {@code encoder}.
   *
   * @param header the table's columns: {@code customer_id}, then gender, country, region,
   *     birth_year where the file had them, then its extra columns
   * @param encoder the encoder fitted on the training rows
   */
  record Columns(List<String> header, TabularEncoder encoder) implements ChurnFeatures {
    public Columns {
      header = List.copyOf(header);
    }

    @Override
    public List<String> columns() {
      return encoder.featureNames();
    }

    /** A customer's cells under {@code header} (null where the customer has no value). */
    public static String[] cells(Customer c, List<String> header) {
      String[] row = new String[header.size()];
      for (int k = 0; k < header.size(); k++) {
        row[k] =
            switch (header.get(k)) {
              case "customer_id" -> c.customerId().value();
              case "gender" -> c.gender();
              case "country" -> c.country();
              case "region" -> c.region();
              case "birth_year" -> c.birthYear() == null ? null : c.birthYear().toString();
              default -> c.attributes().get(header.get(k));
            };
      }
      return row;
    }

    /** One customer's encoded row. */
    public ChurnData row(Customer customer) {
      return ChurnData.of(encoder, header, List.<String[]>of(cells(customer, header)), null);
    }
  }
}
