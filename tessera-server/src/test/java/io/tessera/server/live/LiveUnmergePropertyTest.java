package io.tessera.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.profile.ProfileAssertions;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.RecordGenerator;
import io.tessera.server.message.Records;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live engine's merge and un-merge of profiles: accounts fold records, identity resolution
 * merges them into one person, more records arrive (folded into the part and the person), and an
 * un-merge splits one account off. The person's profile equals, bit for bit, one fold of all its
 * accounts' records; after the un-merge the split account's profile and the rest's equal a fold of
 * their own records only, whatever order things happened in.
 */
class LiveUnmergePropertyTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void givenLiveAccountsMergedThenOneUnmerged_thenProfilesEqualFoldsOfTheSeparatedRecords(
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    RecordGenerator gen = new RecordGenerator(seed);
    int k = 2 + r.nextInt(4);
    List<CustomerId> accounts = new ArrayList<>();
    Map<CustomerId, List<Records.Converted>> records = new HashMap<>();
    for (int i = 0; i < k; i++) {
      CustomerId id = CustomerId.of("A" + i);
      accounts.add(id);
      records.put(id, converted(gen.customer(id, 10 + r.nextInt(60))));
    }
    LiveProfiles live = new LiveProfiles(ProfileSettings.DEFAULT);
    // some records before the merge, the rest after it
    Map<CustomerId, Integer> cut = new HashMap<>();
    for (CustomerId id : accounts) {
      int c = r.nextInt(records.get(id).size() + 1);
      cut.put(id, c);
      records.get(id).subList(0, c).forEach(x -> live.add(id, x));
    }
    CustomerId person = accounts.get(0);
    assertThat(live.regroup(Map.of(person, accounts))).containsAll(accounts);
    for (CustomerId id : accounts) {
      List<Records.Converted> rs = records.get(id);
      rs.subList(cut.get(id), rs.size()).forEach(x -> live.add(id, x));
    }
    List<Records.Converted> all = new ArrayList<>();
    accounts.forEach(id -> records.get(id).forEach(x -> all.add(relabel(x, person))));
    ProfileAssertions.assertSameValues(
        live.get(person), fold(person, all), "merged live profile, seed " + seed);
    assertThat(live.ids()).contains(person).doesNotContainAnyElementsOf(accounts.subList(1, k));
    assertThat(live.size()).isEqualTo(live.ids().size());
    assertThat(live.resolve(accounts.get(k - 1))).isEqualTo(person);
    assertThat(live.get(accounts.get(k - 1))).isNull();

    // un-merge one account: the parts were never touched, so both sides re-fold exactly
    CustomerId split = accounts.get(1 + r.nextInt(k - 1));
    List<CustomerId> rest = new ArrayList<>(accounts);
    rest.remove(split);
    Map<CustomerId, List<CustomerId>> after = rest.size() > 1 ? Map.of(person, rest) : Map.of();
    assertThat(live.regroup(after)).contains(split, person);
    ProfileAssertions.assertSameValues(
        live.get(split), fold(split, records.get(split)), "split account, seed " + seed);
    List<Records.Converted> restRecords = new ArrayList<>();
    rest.forEach(id -> records.get(id).forEach(x -> restRecords.add(relabel(x, person))));
    ProfileAssertions.assertSameValues(
        live.get(person), fold(person, restRecords), "remaining accounts, seed " + seed);
    assertThat(live.resolve(split)).isEqualTo(split);
    assertThat(live.ids()).contains(split, person);
    assertThat(live.size()).isEqualTo(live.ids().size());
  }

  /** The live engine's own fold of records, on a fresh set of profiles without merges. */
  private static io.tessera.profile.CustomerProfile fold(
      CustomerId id, List<Records.Converted> rs) {
    LiveProfiles alone = new LiveProfiles(ProfileSettings.DEFAULT);
    rs.forEach(x -> alone.add(id, x));
    return alone.get(id);
  }

  /** Generated records as the live engine receives them: events, and purchases with orders. */
  private static List<Records.Converted> converted(List<Record> rs) {
    List<Records.Converted> out = new ArrayList<>();
    Map<String, List<OrderItem>> items = new HashMap<>();
    for (Record x : rs) {
      if (x instanceof OrderItem i) {
        items.computeIfAbsent(i.orderId(), o -> new ArrayList<>()).add(i);
      }
    }
    for (Record x : rs) {
      switch (x) {
        case Event e -> out.add(new Records.Converted(e, null, List.of()));
        case Order o ->
            out.add(
                new Records.Converted(
                    new Event(
                        "ev-" + o.orderId(),
                        "purchase",
                        o.orderedAt(),
                        o.customerId(),
                        null,
                        null,
                        null,
                        null,
                        null),
                    o,
                    items.getOrDefault(o.orderId(), List.of())));
        default -> {}
      }
    }
    return out;
  }

  private static Records.Converted relabel(Records.Converted x, CustomerId to) {
    Event e = x.event();
    Event event =
        new Event(
            e.eventId(),
            e.type(),
            e.occurredAt(),
            to,
            e.anonymousId(),
            e.deviceId(),
            e.emailPseudonym(),
            e.sessionId(),
            e.properties());
    Order o = x.order();
    Order order =
        o == null
            ? null
            : new Order(
                o.orderId(),
                to,
                o.orderedAt(),
                o.amount(),
                o.status(),
                o.channel(),
                o.attributes());
    return new Records.Converted(event, order, x.items());
  }
}
