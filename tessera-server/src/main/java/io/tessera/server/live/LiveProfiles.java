package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.EventType;
import io.tessera.contract.OrderItem;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.server.message.Records;
import io.tessera.store.live.LiveReader;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The live customer profiles (the batch aggregators of {@code io.tessera.profile}): written by the
 * writer thread, read by API threads under each profile's own lock. Customers without consent to
 * profiling get no profile; their events are still stored.
 */
final class LiveProfiles {
  private final ProfileSettings settings;
  private final Map<CustomerId, CustomerProfile> profiles = new ConcurrentHashMap<>();
  // customers whose consent_profiling is false (customers table): events are kept, not profiled
  private final Set<String> noConsent = new HashSet<>();

  LiveProfiles(ProfileSettings settings) {
    this.settings = settings;
  }

  /** Replaces the state with the store's: the batch fold of its records. */
  void load(LiveReader store) {
    profiles.clear();
    noConsent.clear();
    noConsent.addAll(store.customersWithoutProfilingConsent());
    profiles.putAll(store.foldProfiles(settings, noConsent));
  }

  boolean consents(CustomerId c) {
    return !noConsent.contains(c.value());
  }

  /** Makes sure a consenting customer has a profile (an identify with nothing else yet). */
  boolean ensure(CustomerId c) {
    if (!consents(c)) {
      return false;
    }
    profiles.computeIfAbsent(c, k -> new CustomerProfile(k, settings));
    return true;
  }

  // a review or ticket text that arrives with an event is scored at once (issue 11), by the last
  // run's classifier once one is loaded (LiveModels), else by the lexicons
  private volatile io.tessera.text.EventText eventText = io.tessera.text.EventText.lexiconOnly();

  /** Scores event texts with {@code text} from now on. */
  void useText(io.tessera.text.EventText text) {
    eventText = text;
  }

  /** Folds one converted message into the customer's profile; false without consent. */
  boolean add(CustomerId c, Records.Converted r) {
    if (!consents(c)) {
      return false;
    }
    CustomerProfile p = profiles.computeIfAbsent(c, k -> new CustomerProfile(k, settings));
    synchronized (p) {
      if (r.order() != null) {
        p.add(r.order());
      }
      if (r.order() != null || r.event().kind() == EventType.PURCHASE) {
        for (OrderItem i : r.items()) {
          p.add(i);
        }
      }
      p.add(r.event());
      eventText.addTo(p, r.event());
    }
    return true;
  }

  CustomerProfile get(CustomerId c) {
    return profiles.get(c);
  }

  Set<CustomerId> ids() {
    return profiles.keySet();
  }

  int size() {
    return profiles.size();
  }

  Iterable<CustomerProfile> all() {
    return profiles.values();
  }

  /** The result of {@code read} on the profile under its lock ({@code read} gets null if none). */
  <T> T read(CustomerId c, Function<CustomerProfile, T> read) {
    CustomerProfile p = c == null ? null : profiles.get(c);
    if (p == null) {
      return read.apply(null);
    }
    synchronized (p) {
      return read.apply(p);
    }
  }

  /** The profile's field values as of a day, or null. */
  double[] values(CustomerId c, LocalDate day) {
    return read(c, p -> p == null ? null : p.values(day));
  }

  /** Customers with at least one purchase day as of {@code day}. */
  int buyers(LocalDate day) {
    int n = 0;
    for (CustomerProfile p : profiles.values()) {
      synchronized (p) {
        if (p.value(ProfileField.FREQUENCY, day) >= 1) {
          n++;
        }
      }
    }
    return n;
  }
}
