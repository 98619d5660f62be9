package io.tessera.feature;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileField.Kind;
import io.tessera.profile.ProfileTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Named numeric columns, one row per customer: what models see.
 *
 * <p>Layout: column-major, {@code columns[j][i]} is feature {@code j} of the customer in row {@code
 * i}; rows are in ascending customer-id order. A missing value is NaN (until a {@link
 * FeatureTransform} imputes it). Immutable: accessors return copies; {@link #toRowMajor()} gives
 * the {@code double[n][p]} that Smile's algorithms take.
 */
public final class FeatureMatrix {
  /**
   * Features used when a config names none: how often customers visit and buy, how recently, how
   * much per order, how price-driven, and how long they have been around.
   *
   * <ul>
   *   <li>{@code sessions}: how often the customer visits, with or without buying (engagement:
   *       window shoppers, regulars, one-off visitors);
   *   <li>{@code frequency}: how often the customer buys (the F of RFM);
   *   <li>{@code orders_90d}: purchases in the last 90 days (recent buying: active versus lapsed
   *       buyers; stands in for recency, which is undefined for customers who never bought);
   *   <li>{@code events_90d}: events in the last 90 days (recent engagement: new and active
   *       customers versus dormant ones);
   *   <li>{@code avg_order_value}: basket size (big-basket versus bargain buyers); missing for
   *       customers who never bought, imputed with the median and, since {@code frequency} already
   *       marks those customers, without an indicator column ({@link TransformOptions#CLUSTERING});
   *   <li>{@code discount_propensity}: the discount share smoothed by Laplace's rule (defined for
   *       everyone, 1/3 or 2/3 after one order rather than 0 or 1);
   *   <li>{@code days_since_first_activity}: how long the customer has been around (new customers
   *       versus established ones, whether or not they bought).
   * </ul>
   *
   * <p>Why not recency and monetary value: both are undefined or zero for customers who never
   * bought, and after log1p a single purchase moves a customer further on them than most
   * differences between buyers do. The raw {@code discount_order_share} is 0 or 1 behind a single
   * order, two spikes that k-means splits one-time buyers on; its smoothed form is not.
   *
   * <p>Measured on generated shops with seven planted customer types (4,000 customers, default
   * transform and clustering), adjusted Rand index against the planted types: this list 0.949 to
   * 0.950 on data seeds 7, 7077, 11, 1, 2, 3 and 4, k = 7 on each. Before it, {@code sessions,
   * frequency, orders_90d, events_90d} reached 0.81-0.82 with k = 6: loyal regulars and bargain
   * hunters (who differ in basket size and discount use, not in rhythm or browsing) shared a
   * cluster. Adding basket size and discount use alone was not enough: new customers then merged
   * with the regulars until days since first activity was added, and that column needs the
   * standard-deviation scaling of {@link TransformOptions#DEFAULT}. Configs can name any other
   * feature (see {@link #available}).
   */
  public static final List<String> DEFAULT_FEATURES =
      List.of(
          "sessions",
          "frequency",
          "orders_90d",
          "events_90d",
          "avg_order_value",
          "discount_propensity",
          "days_since_first_activity");

  /**
   * The features to cluster on when a config names none: {@link #DEFAULT_FEATURES} when any
   * customer has a browsing session, else the candidates of an orders-only shop ({@link
   * FeatureSelection#ORDERS_ONLY_CANDIDATES}), from which {@link FeatureSelection#select} keeps
   * those that pass its rule. Without events the engagement columns of {@link #DEFAULT_FEATURES}
   * would be zero for everyone.
   */
  public static List<String> defaultFeatures(ProfileTable profiles, LocalDate asOf) {
    return ordersOnly(profiles, asOf) ? FeatureSelection.ORDERS_ONLY_CANDIDATES : DEFAULT_FEATURES;
  }

  /** Whether no customer has a browsing session: the orders-only default applies. */
  public static boolean ordersOnly(ProfileTable profiles, LocalDate asOf) {
    int sessions = ProfileField.SESSIONS.ordinal();
    for (int i = 0; i < profiles.size(); i++) {
      if (profiles.profile(i).values(asOf)[sessions] > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Features a segment is described by, beyond those it was clustered on: what a marketer asks of a
   * segment (basket size, tenure, rhythm, returns, browsing, carts, email, service, trend). They
   * explain segments and name them; they do not move customers between segments.
   */
  public static final List<String> DESCRIPTION_FEATURES =
      List.of(
          "recency_days",
          "frequency",
          "monetary",
          "avg_order_value",
          "tenure_days",
          "ipt_mean_days",
          "return_rate",
          "discount_order_share",
          "events_90d",
          "sessions",
          "pages_per_session",
          "cart_abandonment_rate",
          "email_open_rate",
          "complaints",
          "rating_mean",
          "days_since_last_activity",
          "activity_trend");

  private final CustomerId[] ids;
  private final List<String> names;
  private final List<Kind> kinds;
  private final double[][] columns;

  private FeatureMatrix(CustomerId[] ids, List<String> names, List<Kind> kinds, double[][] cols) {
    this.ids = ids;
    this.names = List.copyOf(names);
    this.kinds = List.copyOf(kinds);
    this.columns = cols;
  }

  /**
   * A matrix from given columns (copied).
   *
   * @throws IllegalArgumentException when the sizes disagree or a name repeats
   */
  public static FeatureMatrix of(
      List<CustomerId> ids, List<String> names, List<Kind> kinds, double[][] columns) {
    if (names.size() != columns.length || kinds.size() != columns.length) {
      throw new IllegalArgumentException(
          "a feature matrix needs one name and kind per column: "
              + names.size()
              + " names, "
              + kinds.size()
              + " kinds, "
              + columns.length
              + " columns");
    }
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("feature names repeat: " + names);
    }
    double[][] copy = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      if (columns[j].length != ids.size()) {
        throw new IllegalArgumentException(
            "column "
                + names.get(j)
                + " has "
                + columns[j].length
                + " values for "
                + ids.size()
                + " customers");
      }
      copy[j] = columns[j].clone();
    }
    return new FeatureMatrix(ids.toArray(CustomerId[]::new), names, kinds, copy);
  }

  /** Wraps columns this package built; no copy. */
  static FeatureMatrix wrap(
      CustomerId[] ids, List<String> names, List<Kind> kinds, double[][] columns) {
    return new FeatureMatrix(ids, names, kinds, columns);
  }

  /**
   * Builds the matrix of the named features for every customer that has a profile or a row in the
   * customers file (either may be empty: a customers file alone can be segmented on its
   * attributes).
   *
   * @param profiles the folded profiles (may have no rows)
   * @param customers the customers file's rows (may be empty)
   * @param featureNames the config's feature names, see {@link #resolve}
   * @param asOf the date the profile values are taken as of
   * @throws IllegalArgumentException naming an unknown feature and listing the available ones, or
   *     an attribute value that is not a number
   */
  public static FeatureMatrix build(
      ProfileTable profiles,
      Collection<Customer> customers,
      List<String> featureNames,
      LocalDate asOf) {
    List<Feature> features = resolve(featureNames, profiles, customers);
    FeatureExtractor extractor = new FeatureExtractor(features);
    Map<CustomerId, Customer> byId = new HashMap<>();
    for (Customer c : customers) {
      byId.put(c.customerId(), c);
    }
    TreeSet<CustomerId> rowIds = new TreeSet<>(byId.keySet());
    rowIds.addAll(profiles.ids());
    CustomerId[] ids = rowIds.toArray(CustomerId[]::new);
    double[][] cols = new double[features.size()][ids.length];
    for (int i = 0; i < ids.length; i++) {
      CustomerProfile p = profiles.get(ids[i]);
      double[] row = extractor.row(p, byId.get(ids[i]), profiles.settings(), asOf);
      for (int j = 0; j < row.length; j++) {
        cols[j][i] = row[j];
      }
    }
    return new FeatureMatrix(
        ids, extractor.names(), features.stream().map(Feature::kind).toList(), cols);
  }

  /**
   * Resolves feature names against what the data offers: the profile fields, {@code
   * category_share:<category>} for each category bought, {@code attribute:<column>} for each
   * attribute column of the customers file.
   *
   * @throws IllegalArgumentException naming the unknown feature and listing the available ones
   */
  public static List<Feature> resolve(
      List<String> featureNames, ProfileTable profiles, Collection<Customer> customers) {
    if (featureNames.isEmpty()) {
      throw new IllegalArgumentException(
          "features: the list is empty; name at least one of: "
              + String.join(", ", available(profiles, customers)));
    }
    Set<String> categories = categories(profiles);
    Set<String> attributes = attributes(customers);
    List<Feature> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String raw : featureNames) {
      String name = raw == null ? "" : raw.strip();
      if (!seen.add(name)) {
        throw new IllegalArgumentException("features: '" + name + "' is listed twice");
      }
      Feature f = null;
      if (ProfileField.byName(name).isPresent()) {
        f = new Feature.Profile(ProfileField.byName(name).orElseThrow());
      } else if (name.startsWith(Feature.CATEGORY_PREFIX)
          && categories.contains(name.substring(Feature.CATEGORY_PREFIX.length()))) {
        f = new Feature.CategoryShare(name.substring(Feature.CATEGORY_PREFIX.length()));
      } else if (name.startsWith(Feature.ATTRIBUTE_PREFIX)
          && attributes.contains(name.substring(Feature.ATTRIBUTE_PREFIX.length()))) {
        f = new Feature.Attribute(name.substring(Feature.ATTRIBUTE_PREFIX.length()));
      }
      if (f == null) {
        throw new IllegalArgumentException(
            "features: unknown feature '"
                + name
                + "'; available: "
                + String.join(", ", available(profiles, customers)));
      }
      out.add(f);
    }
    return out;
  }

  /** Every feature name the data offers, profile fields first. */
  public static List<String> available(ProfileTable profiles, Collection<Customer> customers) {
    List<String> names = new ArrayList<>();
    for (ProfileField f : ProfileField.values()) {
      names.add(f.wireName());
    }
    categories(profiles).forEach(c -> names.add(Feature.CATEGORY_PREFIX + c));
    attributes(customers).forEach(a -> names.add(Feature.ATTRIBUTE_PREFIX + a));
    return names;
  }

  private static Set<String> categories(ProfileTable profiles) {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < profiles.size(); i++) {
      out.addAll(profiles.profile(i).categories());
    }
    return out;
  }

  private static Set<String> attributes(Collection<Customer> customers) {
    Map<String, Boolean> out = new TreeMap<>();
    for (Customer c : customers) {
      for (String k : c.attributes().keySet()) {
        out.put(k, Boolean.TRUE);
      }
    }
    return out.keySet();
  }

  public int rows() {
    return ids.length;
  }

  public int columnCount() {
    return columns.length;
  }

  public List<String> names() {
    return names;
  }

  public List<Kind> kinds() {
    return kinds;
  }

  public CustomerId id(int row) {
    return ids[row];
  }

  public List<CustomerId> ids() {
    return List.of(ids);
  }

  /** Index of a column by name, or -1. */
  public int indexOf(String name) {
    return names.indexOf(name);
  }

  /** A copy of column {@code j}. */
  public double[] column(int j) {
    return columns[j].clone();
  }

  /**
   * A copy of the named column.
   *
   * @throws IllegalArgumentException naming the columns there are
   */
  public double[] column(String name) {
    int j = indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException("no column '" + name + "'; columns: " + names);
    }
    return column(j);
  }

  public double get(int row, int column) {
    return columns[column][row];
  }

  /** A copy of one row, in column order. */
  public double[] row(int i) {
    double[] r = new double[columns.length];
    for (int j = 0; j < r.length; j++) {
      r[j] = columns[j][i];
    }
    return r;
  }

  /** The rows as {@code double[n][p]}, e.g. for Smile. */
  public double[][] toRowMajor() {
    double[][] out = new double[ids.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = row(i);
    }
    return out;
  }

  /** Direct access for this package's transforms (no copy). */
  double[] columnView(int j) {
    return columns[j];
  }

  CustomerId[] idArray() {
    return ids;
  }

  @Override
  public String toString() {
    return "FeatureMatrix[" + ids.length + " x " + columns.length + ": " + names + "]";
  }

  /** Whether two matrices hold the same ids, names and values (NaN equal to NaN). */
  public boolean sameAs(FeatureMatrix other) {
    if (!Arrays.equals(ids, other.ids) || !names.equals(other.names)) {
      return false;
    }
    for (int j = 0; j < columns.length; j++) {
      if (!Arrays.equals(columns[j], other.columns[j])) {
        return false;
      }
    }
    return true;
  }
}
