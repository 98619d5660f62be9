package io.tessera.pipeline.churn;

import io.tessera.contract.Customer;
import io.tessera.store.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The customers-file columns of a label-column churn model: the label (as ingested), the header
 * (customer_id, the standard columns that have values, then the extra columns) and the features.
 *
 * @param label the label column, as ingested (lower case)
 * @param header every column a row is read with, customer_id first
 * @param features the columns the classifier is given
 */
record LabelColumns(String label, List<String> header, List<String> features) {
  static LabelColumns of(List<Customer> customers, ChurnSettings settings) {
    TreeSet<String> attributeKeys = new TreeSet<>();
    boolean gender = false;
    boolean country = false;
    boolean region = false;
    boolean birth = false;
    for (Customer c : customers) {
      attributeKeys.addAll(c.attributes().keySet());
      gender |= c.gender() != null;
      country |= c.country() != null;
      region |= c.region() != null;
      birth |= c.birthYear() != null;
    }
    // ingest lower-cases column names, so a config may name the label as the file spells it
    String label = matching(attributeKeys, settings.labelColumn());
    if (label == null) {
      throw new ConfigException(
          "churn.label_column: the customers file has no column '"
              + settings.labelColumn()
              + "' with values; its extra columns are: "
              + (attributeKeys.isEmpty() ? "(none)" : String.join(", ", attributeKeys)));
    }
    List<String> header = new ArrayList<>();
    header.add("customer_id");
    if (gender) {
      header.add("gender");
    }
    if (country) {
      header.add("country");
    }
    if (region) {
      header.add("region");
    }
    if (birth) {
      header.add("birth_year");
    }
    header.addAll(attributeKeys);
    return new LabelColumns(label, header, features(settings, header, label));
  }

  private static List<String> features(ChurnSettings settings, List<String> header, String label) {
    List<String> features = new ArrayList<>();
    if (settings.features().isEmpty()) {
      features.addAll(header.subList(1, header.size()));
      features.remove(label);
      return features;
    }
    for (String named : settings.features()) {
      String f = matching(header, named);
      features.add(f == null ? named : f);
      if (f == null || f.equals("customer_id") || f.equals(label)) {
        throw new ConfigException(
            "churn.features: '"
                + named
                + "' is not a customers-file column that can be a feature; available: "
                + String.join(", ", header.subList(1, header.size())));
      }
    }
    return features;
  }

  /** The name among {@code names} equal to {@code wanted} ignoring case, or null. */
  static String matching(Collection<String> names, String wanted) {
    for (String n : names) {
      if (n.equalsIgnoreCase(wanted.strip())) {
        return n;
      }
    }
    return null;
  }
}
