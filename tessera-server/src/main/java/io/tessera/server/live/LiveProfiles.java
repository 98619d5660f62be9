package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.EventType;
import io.tessera.contract.OrderItem;
import io.tessera.identity.ProfileMerge;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.server.message.Records;
import io.tessera.store.live.LiveReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The live customer profiles (the batch aggregators of {@code io.tessera.profile}): written by the
 * writer thread, read by API threads under each profile's own lock. Customers without consent to
 * profiling get no profile; their events are still stored.
 *
 * <p>Each account keeps its own profile (its part). A person identity resolution gave several
 * accounts also has a merged profile, the {@link ProfileMerge} of the parts, which each later
 * record is folded into as well; reads, memberships and scores see the person (under the resolved
 * id), never the absorbed accounts. An un-merge drops the merged profile and merges the new persons
 * again from the untouched parts: a re-fold of the parts, equal bit for bit to a fold of each
 * side's records (the aggregators cannot subtract a part).
 */
final class LiveProfiles {
  private final ProfileSettings settings;
  // the parts: one profile per account
  private final Map<CustomerId, CustomerProfile> profiles = new ConcurrentHashMap<>();
  // persons with several accounts: every such account -> the person's resolved id
  private final Map<CustomerId, CustomerId> personOf = new ConcurrentHashMap<>();
  // the person's accounts, and their merged profile
  private final Map<CustomerId, List<CustomerId>> partsOf = new ConcurrentHashMap<>();
  private final Map<CustomerId, CustomerProfile> merged = new ConcurrentHashMap<>();
  // customers whose consent_profiling is false (customers table): events are kept, not profiled
  private final Set<String> noConsent = new HashSet<>();

  LiveProfiles(ProfileSettings settings) {
    this.settings = settings;
  }

  /**
   * Replaces the state with the store's: the batch fold of its records, and the signals of the
   * texts its events carry, scored by the text scorer in use ({@link #useText}; set it first).
   */
  void load(LiveReader store) {
    profiles.clear();
    noConsent.clear();
    noConsent.addAll(store.customersWithoutProfilingConsent());
    profiles.putAll(store.foldProfiles(settings, noConsent));
    // an event's text was scored when the event arrived (fold); the fold of the stored records
    // does not read properties, so the texts are scored again here, as they were then
    io.tessera.text.EventText text = eventText;
    List<io.tessera.profile.TextSignal> signals =
        store.eventsMentioning(noConsent, io.tessera.text.EventText.keys()).parallelStream()
            .map(text::signal)
            .filter(java.util.Objects::nonNull)
            .toList();
    for (io.tessera.profile.TextSignal s : signals) {
      CustomerProfile p = profiles.get(s.customerId());
      if (p != null) {
        p.add(s);
      }
    }
    Map<CustomerId, List<CustomerId>> persons = new HashMap<>(partsOf);
    personOf.clear();
    partsOf.clear();
    merged.clear();
    regroup(persons);
  }

  /** The resolved customer of an account: its person's id, or the account itself. */
  CustomerId resolve(CustomerId account) {
    return personOf.getOrDefault(account, account);
  }

  /** The accounts of a resolved customer (the customer alone when not merged). */
  List<CustomerId> accountsOf(CustomerId person) {
    return partsOf.getOrDefault(person, List.of(person));
  }

  /** An account's own profile, its part (null: none), whatever person it belongs to. */
  CustomerProfile part(CustomerId account) {
    return profiles.get(account);
  }

  /**
   * Applies a resolution: {@code persons} maps each resolved customer with several accounts to its
   * accounts. Persons that are new or changed get their merged profile again from the parts; those
   * no longer there (an un-merge) lose it, and their accounts are themselves again.
   *
   * @return the customers to re-evaluate: every account and person whose grouping changed
   */
  Set<CustomerId> regroup(Map<CustomerId, List<CustomerId>> persons) {
    Set<CustomerId> touched = new TreeSet<>();
    Map<CustomerId, List<CustomerId>> now = new HashMap<>();
    persons.forEach(
        (person, accounts) -> {
          List<CustomerId> consenting = accounts.stream().filter(this::consents).sorted().toList();
          if (consenting.size() > 1 && consenting.contains(person)) {
            now.put(person, consenting);
          }
        });
    for (var e : Map.copyOf(partsOf).entrySet()) {
      if (!e.getValue().equals(now.get(e.getKey()))) {
        partsOf.remove(e.getKey());
        merged.remove(e.getKey());
        for (CustomerId a : e.getValue()) {
          personOf.remove(a);
          touched.add(a);
        }
        touched.add(e.getKey());
      }
    }
    for (var e : now.entrySet()) {
      CustomerId person = e.getKey();
      if (e.getValue().equals(partsOf.get(person))) {
        continue;
      }
      List<CustomerProfile> parts = new ArrayList<>();
      for (CustomerId a : e.getValue()) {
        CustomerProfile p = profiles.get(a);
        if (p != null) {
          synchronized (p) {
            parts.add(p.copyAs(person));
          }
        }
      }
      CustomerProfile m =
          parts.isEmpty()
              ? new CustomerProfile(person, settings)
              : ProfileMerge.merge(person, parts);
      merged.put(person, m);
      partsOf.put(person, e.getValue());
      for (CustomerId a : e.getValue()) {
        personOf.put(a, person);
        touched.add(a);
      }
      touched.add(person);
    }
    return touched;
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
  // (LiveEngine sets the models' scorer before any event is folded)
  private volatile io.tessera.text.EventText eventText =
      io.tessera.text.EventText.lexiconOnly(io.tessera.text.Lexicons.NONE);

  /** Scores event texts with {@code text} from now on. */
  void useText(io.tessera.text.EventText text) {
    eventText = text;
  }

  /** Folds one record into a profile under its lock. */
  private void fold(CustomerProfile p, Records.Converted r) {
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
  }

  /**
   * Folds one converted message into the customer's profile.
   *
   * @return the profile the customer's memberships are evaluated on, as {@link #evaluated} finds it
   *     (the person's merged profile, or the account's own); null without consent
   */
  CustomerProfile add(CustomerId c, Records.Converted r) {
    if (!consents(c)) {
      return null;
    }
    CustomerProfile p = profiles.get(c);
    if (p == null) {
      p = profiles.computeIfAbsent(c, k -> new CustomerProfile(k, settings));
    }
    fold(p, r);
    CustomerId person = personOf.get(c);
    if (person == null) {
      return p;
    }
    // the merge of the parts plus this record equals the merge of the parts after it
    CustomerProfile m = merged.get(person);
    fold(m, as(person, r));
    return m;
  }

  /**
   * The profile an account's memberships are evaluated on: its person's ({@link #get} of {@link
   * #resolve}); null when it has none. Its {@link CustomerProfile#customerId} is the resolved id.
   */
  CustomerProfile evaluated(CustomerId account) {
    return get(resolve(account));
  }

  /** The record as the person's: the aggregators check whose records they fold. */
  private static Records.Converted as(CustomerId person, Records.Converted r) {
    io.tessera.contract.Event e = r.event();
    io.tessera.contract.Event event =
        new io.tessera.contract.Event(
            e.eventId(),
            e.type(),
            e.occurredAt(),
            person,
            e.anonymousId(),
            e.deviceId(),
            e.emailPseudonym(),
            e.sessionId(),
            e.properties());
    io.tessera.contract.Order o = r.order();
    io.tessera.contract.Order order =
        o == null
            ? null
            : new io.tessera.contract.Order(
                o.orderId(),
                person,
                o.orderedAt(),
                o.amount(),
                o.status(),
                o.channel(),
                o.attributes());
    return new Records.Converted(event, order, r.items());
  }

  /**
   * The profile of a resolved customer: a merged person's merged profile, an account's own one;
   * null for an account merged into another person (read it under {@link #resolve}) or none.
   */
  CustomerProfile get(CustomerId c) {
    CustomerProfile m = merged.get(c);
    if (m != null) {
      return m;
    }
    return personOf.containsKey(c) ? null : profiles.get(c);
  }

  /** The resolved customers with a profile (accounts merged into another person left out). */
  Set<CustomerId> ids() {
    Set<CustomerId> out = new HashSet<>();
    for (CustomerId c : profiles.keySet()) {
      if (!personOf.containsKey(c)) {
        out.add(c);
      }
    }
    out.addAll(merged.keySet());
    return out;
  }

  /** The number of {@link #ids()}, counted without building the set (it is read on /health). */
  int size() {
    int n = 0;
    for (CustomerId c : profiles.keySet()) {
      if (!personOf.containsKey(c)) {
        n++;
      }
    }
    for (CustomerId m : merged.keySet()) {
      if (personOf.containsKey(m) || !profiles.containsKey(m)) {
        n++;
      }
    }
    return n;
  }

  Iterable<CustomerProfile> all() {
    List<CustomerProfile> out = new ArrayList<>();
    for (CustomerId c : ids()) {
      out.add(get(c));
    }
    return out;
  }

  /** The result of {@code read} on the profile under its lock ({@code read} gets null if none). */
  <T> T read(CustomerId c, Function<CustomerProfile, T> read) {
    CustomerProfile p = c == null ? null : get(c);
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
    for (CustomerProfile p : all()) {
      synchronized (p) {
        if (p.value(ProfileField.FREQUENCY, day) >= 1) {
          n++;
        }
      }
    }
    return n;
  }
}
