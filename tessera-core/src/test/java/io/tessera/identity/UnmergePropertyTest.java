package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileAssertions;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.RecordGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A merged customer's profile is the merge of its parts, and an un-merge restores, bit for bit, the
 * profiles a fold of the separated records gives: for random accounts merged by one verified email
 * and then split by a recorded un-merge.
 */
class UnmergePropertyTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void givenMergedAccounts_whenOneIsUnmerged_thenProfilesEqualFoldsOfTheSeparatedRecords(
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    RecordGenerator gen = new RecordGenerator(seed);
    int k = 2 + r.nextInt(4);
    String mail = IdentityResolverTest.email("shared" + seed + "@x.com");
    List<Account> accounts = new ArrayList<>();
    Map<CustomerId, List<Record>> records = new HashMap<>();
    Map<CustomerId, CustomerProfile> parts = new HashMap<>();
    for (int i = 0; i < k; i++) {
      CustomerId id = CustomerId.of("A" + i);
      accounts.add(new Account(id, mail, null, Map.of(), null, null, null, null, true, T));
      List<Record> rs = gen.customer(id, 5 + r.nextInt(60));
      records.put(id, rs);
      parts.put(id, fold(id, rs));
    }
    IdentityOptions max = IdentityOptions.defaults().withMaxShared(10);
    IdentityGraph merged = IdentityResolver.resolve(accounts, List.of(), max);
    CustomerId person = CustomerId.of("A0");
    assertThat(merged.customer(person).accounts()).hasSize(k);

    // merge = one fold of every part's records under the resolved id
    Map<CustomerId, CustomerProfile> mergedProfiles = ProfileMerge.byCustomer(parts, merged);
    assertThat(mergedProfiles).containsOnlyKeys(person);
    List<Record> all = new ArrayList<>();
    records.values().forEach(rs -> rs.forEach(x -> all.add(relabel(x, person))));
    ProfileAssertions.assertSameValues(
        mergedProfiles.get(person), fold(person, all), "merged profile, seed " + seed);

    // un-merge one account: it and the rest are re-folded from their parts
    CustomerId split = CustomerId.of("A" + (1 + r.nextInt(k - 1)));
    List<CustomerId> rest = new ArrayList<>(records.keySet());
    rest.remove(split);
    Unmerge u = new Unmerge(split, rest, "admin-key", "two people, one inbox", T);
    IdentityGraph after =
        IdentityResolver.resolve(accounts, List.of(), max.withUnmerges(List.of(u)));
    Map<CustomerId, CustomerProfile> afterProfiles = ProfileMerge.byCustomer(parts, after);
    ProfileAssertions.assertSameValues(
        afterProfiles.get(split), fold(split, records.get(split)), "split account, seed " + seed);
    assertThat(after.customer(split).accounts()).containsExactly(split);
    // the rest stay together (one shared email) and equal a fold of their own records only
    List<Record> restRecords = new ArrayList<>();
    for (CustomerId id : rest) {
      records.get(id).forEach(x -> restRecords.add(relabel(x, person)));
    }
    assertThat(after.customer(person).accounts()).containsExactlyInAnyOrderElementsOf(rest);
    ProfileAssertions.assertSameValues(
        afterProfiles.get(person), fold(person, restRecords), "remaining accounts, seed " + seed);
  }

  private static CustomerProfile fold(CustomerId id, List<Record> rs) {
    CustomerProfile p = new CustomerProfile(id, ProfileSettings.DEFAULT);
    rs.forEach(p::add);
    return p;
  }

  /** The same record owned by another customer. */
  private static Record relabel(Record x, CustomerId to) {
    return switch (x) {
      case Order o ->
          new Order(
              o.orderId(), to, o.orderedAt(), o.amount(), o.status(), o.channel(), o.attributes());
      case OrderItem i -> i;
      case Event e ->
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
      case Interaction i ->
          new Interaction(i.interactionId(), to, i.occurredAt(), i.channel(), i.kind(), i.text());
      case Review v ->
          new Review(v.reviewId(), to, v.createdAt(), v.rating(), v.productId(), v.text());
      default -> throw new IllegalArgumentException(x.toString());
    };
  }
}
