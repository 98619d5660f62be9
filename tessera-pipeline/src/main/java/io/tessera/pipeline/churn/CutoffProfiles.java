package io.tessera.pipeline.churn;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.feature.Feature;
import io.tessera.feature.FeatureExtractor;
import io.tessera.feature.FeatureMatrix;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnFeatures;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import io.tessera.store.ConfigException;
import io.tessera.store.StoreRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The churn stage's profiles as of each cut-off day (the label's cut-off, the next-purchase
 * windows' cut-offs, the as-of date) and the model rows built from them. The store is read once for
 * all the planned cut-offs not yet folded ({@link ProfileFold#foldUntil}): reading the events was
 * most of each fold's cost, three times over. Safe for the stage's threads (the churn model's
 * scoring and the next-purchase step ask at the same time).
 *
 * <p>A cut-off day's profiles are kept only until its model rows are built (at once, for every day
 * folded together), unless the day is {@linkplain #keep kept}: four full sets of profiles held for
 * the whole stage filled a 12 GB heap at 1,000,000 customers (issue 14).
 *
 * <p>With a {@linkplain Everyone training sample}, the records read for the cut-off days are the
 * sampled customers' only (the store filters them), while the day every customer is scored on (the
 * as-of date) keeps every customer's profiles and rows: what the stage holds to train stops growing
 * with the shop, what it scores does not shrink.
 */
final class CutoffProfiles {
  /**
   * About what one folded profile takes in the heap, trimmed (the seed-42 shop at 100,000
   * customers: 266 k profiles took some 340 MB; issue 14). Only decides whether cut-offs are folded
   * together, never what they hold.
   */
  static final long PROFILE_BYTES = 1_500;

  /**
   * The cut-off days the churn stage folds besides the as-of day (planned in {@code
   * ChurnStage.Run.cutoffs}): the next-purchase window's and the label's (a third, one window
   * earlier, was folded for a second next-purchase classifier until the seventeenth session).
   */
  static final int CUTOFF_DAYS = 2;

  private final StoreRecords records;
  private final List<Order> orders;
  private final List<Customer> customers;
  private final ProfileFold.Options fold;
  private final ZoneId zone;
  private final List<String> features;
  private final Everyone everyone;
  private final Set<LocalDate> planned = new LinkedHashSet<>();
  private final Set<LocalDate> kept = new LinkedHashSet<>();
  private final Map<LocalDate, ProfileTable> folded = new HashMap<>();
  private final Map<LocalDate, Buyers> buyers = new HashMap<>();
  private final long heapBudget = Runtime.getRuntime().maxMemory() / 2;
  private int population;

  /**
   * About the most heap the churn stage holds while it folds its cut-off days, in bytes: the as-of
   * day's set of {@code profiles} profiles, and then the {@link #CUTOFF_DAYS} cut-off days' sets
   * when they are folded together (when they fit in half the heap), else two (the label's, kept,
   * and the one being folded). Counting two sets, the least, let the recommendations be fitted
   * beside churn at 1,000,000 customers in a 12 GB heap, where the three cut-offs were folded
   * together: 3.3 M profiles and 6.1 M purchase lines filled it (issue 14).
   *
   * <p>Above the training sample ({@code buyers}, the customers with a completed order, more than
   * {@code trainingSample} > 0) the cut-off days are folded from the sample's records, so their
   * sets hold at most {@code trainingSample} profiles; the as-of day's still holds everyone's.
   */
  static long heapBytes(int profiles, long buyers, int trainingSample) {
    int cutoffProfiles =
        trainingSample > 0 && buyers > trainingSample
            ? Math.min(profiles, trainingSample)
            : profiles;
    long set = profiles * PROFILE_BYTES;
    long cutoffSet = cutoffProfiles * PROFILE_BYTES;
    long together = CUTOFF_DAYS * cutoffSet;
    return set + (together <= Runtime.getRuntime().maxMemory() / 2 ? together : 2 * cutoffSet);
  }

  /**
   * The day whose profiles and rows hold every customer when the other days' hold a sample's.
   *
   * @param day the as-of date
   * @param records every customer's records (its day, when not {@linkplain #put put}, is folded
   *     from them alone, its orders streamed from the store)
   * @param customers every customer's row of the customers file
   */
  record Everyone(LocalDate day, StoreRecords records, List<Customer> customers) {}

  /**
   * @param records the records the cut-off days are folded from (a sample's, with {@code everyone})
   * @param orders those records' orders
   * @param customers those records' customers
   * @param everyone the day that holds every customer while the others hold a sample, or null: the
   *     records are every customer's
   */
  CutoffProfiles(
      StoreRecords records,
      List<Order> orders,
      List<Customer> customers,
      ProfileFold.Options fold,
      ZoneId zone,
      List<String> features,
      Everyone everyone) {
    this.everyone = everyone;
    this.records = records;
    this.orders = orders;
    this.customers = customers;
    this.fold = fold;
    this.zone = zone;
    this.features = List.copyOf(features);
    if (everyone != null) {
      // the sampled days' profiles are about their customers': the as-of day's count (every
      // customer's) would fold them one read each where they fit in one
      population =
          (int)
              Math.max(customers.size(), orders.stream().map(Order::customerId).distinct().count());
    }
  }

  /**
   * Profiles as of a day folded elsewhere (the segmentation stage's, as of the as-of date). A
   * {@linkplain #plan planned} day's rows are built at once and, unless the day is {@linkplain
   * #keep kept}, its profiles are not held.
   */
  synchronized void put(LocalDate day, ProfileTable profiles) {
    if (everyone == null) {
      population = Math.max(population, profiles.size());
    }
    if (planned.contains(day)) {
      if (!buyers.containsKey(day)) {
        buyers.put(day, buildBuyers(day, profiles));
      }
      if (!kept.contains(day)) {
        return;
      }
    }
    folded.put(day, profiles);
  }

  /** Days whose model rows will be asked for: folded together with the first one asked for. */
  synchronized void plan(LocalDate... days) {
    planned.addAll(List.of(days));
  }

  /** Days whose profiles themselves will be asked for after their rows: not released. */
  synchronized void keep(LocalDate... days) {
    kept.addAll(List.of(days));
  }

  /**
   * The profiles as of the end of a day: every record before the next day's start. A day neither
   * {@linkplain #put put} nor {@linkplain #keep kept} is folded again if asked for after its rows
   * were built.
   */
  synchronized ProfileTable asOf(LocalDate day) {
    ProfileTable t = folded.get(day);
    if (t != null) {
      return t;
    }
    if (everyone != null && day.equals(everyone.day())) {
      return foldEveryone(day);
    }
    List<LocalDate> days = new ArrayList<>();
    days.add(day);
    for (LocalDate d : planned) {
      // a day whose rows are built needs no profiles any more; the day that holds every customer
      // is not folded from the sample's records
      if (!folded.containsKey(d)
          && !buyers.containsKey(d)
          && !d.equals(day)
          && (everyone == null || !d.equals(everyone.day()))) {
        days.add(d);
      }
    }
    // one read of the store for all of them holds all their profiles at once: when those would
    // take more than half the heap (1,000,000 customers in the default heap), each day is folded
    // in a read of its own, with the same profiles
    if (days.size() > 1 && (long) population * PROFILE_BYTES * days.size() > heapBudget) {
      days = List.of(day);
    }
    List<Instant> untils = new ArrayList<>();
    Instant last = null;
    for (LocalDate d : days) {
      Instant until = until(d);
      untils.add(until);
      last = last == null || until.isAfter(last) ? until : last;
    }
    List<ProfileTable> tables;
    // the fold leaves out every record at or after its `until`; the store is read up to the last.
    // The events, most of the records, are read in one share per thread, each on its own
    // connection (as the segmentation stage reads them): one thread decoding them was a fifth of
    // this stage's samples at 100,000 customers while the other core idled
    List<Stream<Event>> events = records.profileEventParts(last, fold.threads());
    try (var items = records.ownedItems();
        var interactions = records.interactions();
        var reviews = records.reviews()) {
      tables =
          ProfileFold.foldUntil(
              new ProfileFold.Inputs(
                  orders.stream(), null, null, interactions, reviews, events, items),
              fold,
              untils);
    } finally {
      events.forEach(Stream::close);
    }
    settle(days, tables);
    return tables.get(0);
  }

  /** Holds folded days: builds each planned day's rows now, letting go of unkept profiles. */
  private void settle(List<LocalDate> days, List<ProfileTable> tables) {
    for (int i = 0; i < days.size(); i++) {
      folded.put(days.get(i), tables.get(i));
    }
    // each planned day's rows are built now and its profiles let go, so the days folded together
    // are not all held until the stage ends
    for (int i = 0; i < days.size(); i++) {
      LocalDate d = days.get(i);
      if (planned.contains(d)) {
        if (!buyers.containsKey(d)) {
          buyers.put(d, buildBuyers(d, tables.get(i)));
        }
        if (!kept.contains(d)) {
          folded.remove(d);
        }
      }
    }
  }

  /**
   * The day that holds every customer, when it was not {@linkplain #put put}: folded alone from
   * every customer's records, their orders streamed from the store rather than held.
   */
  private ProfileTable foldEveryone(LocalDate day) {
    StoreRecords all = everyone.records();
    Instant until = until(day);
    List<ProfileTable> tables;
    List<Stream<Event>> events = all.profileEventParts(until, fold.threads());
    try (var allOrders = all.orders();
        var items = all.ownedItems();
        var interactions = all.interactions();
        var reviews = all.reviews()) {
      tables =
          ProfileFold.foldUntil(
              new ProfileFold.Inputs(allOrders, null, null, interactions, reviews, events, items),
              fold,
              List.of(until));
    } finally {
      events.forEach(Stream::close);
    }
    settle(List.of(day), tables);
    return tables.get(0);
  }

  private Instant until(LocalDate day) {
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * The features as of a day of the customers with a completed order by then; {@code idsOut}
   * receives their ids, in the rows' order. Built once per day (the stage asks for the as-of date's
   * rows up to three times and the test window's twice) and shared: {@link ChurnData} is immutable.
   */
  synchronized ChurnData buyersAsOf(LocalDate day, List<CustomerId> idsOut) {
    Buyers b = buyers.get(day);
    if (b == null) {
      ProfileTable profiles = asOf(day);
      // a planned day's rows were built by its fold
      b = buyers.get(day);
      if (b == null) {
        b = buildBuyers(day, profiles);
        buyers.put(day, b);
      }
    }
    idsOut.addAll(b.ids());
    return b.rows();
  }

  /** One day's model rows and their customers' ids. */
  private record Buyers(ChurnData rows, List<CustomerId> ids) {}

  private Buyers buildBuyers(LocalDate day, ProfileTable profiles) {
    boolean all = everyone != null && day.equals(everyone.day());
    List<Customer> rowsOf = all ? everyone.customers() : customers;
    List<Feature> resolved;
    try {
      resolved = FeatureMatrix.resolve(features, profiles, rowsOf);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("churn." + e.getMessage());
    }
    if (resolved.stream().anyMatch(f -> f instanceof Feature.Attribute)) {
      // an attribute is parsed for every customer of the matrix, scored or not, and a bad one
      // fails the stage: the whole matrix is built, as before
      return buildBuyersFromMatrix(day, profiles, rowsOf);
    }
    // the rows of the customers scored, taken from the profiles alone: a feature of a profile or a
    // category share reads nothing else, and a customer without a profile is never scored. The
    // profiles are in id order, the order of FeatureMatrix.build's rows, and the extractor is the
    // one it uses, with the frequency that decides who is scored taken in the same pass (issue
    // 14: the matrix of every customer, its sorted id set, and every profile's values a second
    // time for the check took a tenth of the stage at 100,000 customers, on one thread)
    List<Feature> withFrequency = new ArrayList<>(resolved);
    withFrequency.add(new Feature.Profile(ProfileField.FREQUENCY));
    FeatureExtractor extractor = new FeatureExtractor(withFrequency);
    int width = resolved.size();
    List<double[]> rows = new ArrayList<>();
    List<CustomerId> ids = new ArrayList<>();
    for (int i = 0; i < profiles.size(); i++) {
      double[] row = extractor.row(profiles.profile(i), null, profiles.settings(), day);
      if (ChurnFeatures.Profile.scoresFrequency(row[width])) {
        rows.add(Arrays.copyOf(row, width));
        ids.add(profiles.id(i));
      }
    }
    return new Buyers(
        ChurnData.of(
            rows.toArray(double[][]::new), resolved.stream().map(Feature::name).toList(), null),
        List.copyOf(ids));
  }

  /** {@link #buildBuyers} by the feature matrix of every customer, then its scored rows. */
  private Buyers buildBuyersFromMatrix(
      LocalDate day, ProfileTable profiles, List<Customer> rowsOf) {
    List<CustomerId> idsOut = new ArrayList<>();
    FeatureMatrix m;
    try {
      m = FeatureMatrix.build(profiles, rowsOf, features, day);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("churn." + e.getMessage());
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < m.rows(); i++) {
      CustomerProfile p = profiles.get(m.id(i));
      if (p != null && ChurnFeatures.Profile.scores(p.values(day))) {
        rows.add(i);
        idsOut.add(m.id(i));
      }
    }
    return new Buyers(
        ChurnData.of(m, null).subset(rows.stream().mapToInt(Integer::intValue).toArray()),
        List.copyOf(idsOut));
  }
}
