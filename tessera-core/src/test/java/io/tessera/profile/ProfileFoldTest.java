package io.tessera.profile;

import static io.tessera.profile.ProfileAssertions.assertSameValues;
import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileFoldTest {

  /** Records of 300 customers, all types, with each customer's expected sequential profile. */
  private record Population(Map<CustomerId, List<Record>> byCustomer, List<Record> shuffled) {}

  private static Population population(long seed) {
    RecordGenerator gen = new RecordGenerator(seed);
    Map<CustomerId, List<Record>> byCustomer = new LinkedHashMap<>();
    List<Record> all = new ArrayList<>();
    for (int c = 0; c < 300; c++) {
      CustomerId id = CustomerId.of("cust-" + c);
      List<Record> records = gen.customer(id, 1 + gen.nextInt(60));
      byCustomer.put(id, records);
      all.addAll(records);
    }
    Collections.shuffle(all, new Random(seed));
    return new Population(byCustomer, all);
  }

  private static ProfileFold.Inputs inputs(List<Record> shuffled) {
    List<Order> orders = new ArrayList<>();
    List<OrderItem> items = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<Interaction> interactions = new ArrayList<>();
    List<Review> reviews = new ArrayList<>();
    for (Record r : shuffled) {
      switch (r) {
        case Order o -> orders.add(o);
        case OrderItem i -> items.add(i);
        case Event e -> events.add(e);
        case Interaction i -> interactions.add(i);
        case Review v -> reviews.add(v);
        default -> throw new AssertionError(r);
      }
    }
    return ProfileFold.Inputs.of(orders, items, events, interactions, reviews);
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 5})
  void shouldFoldShuffledUngroupedRecordsIntoEachCustomersSequentialProfile(int threads) {
    Population pop = population(42);
    ProfileTable table =
        ProfileFold.fold(
            inputs(pop.shuffled()), ProfileFold.Options.defaults().withThreads(threads));

    assertThat(table.size()).isEqualTo(pop.byCustomer().size());
    assertThat(table.counts().records()).isEqualTo(pop.shuffled().size());
    assertThat(table.ids()).isSorted();
    for (var e : pop.byCustomer().entrySet()) {
      CustomerProfile expected = new CustomerProfile(e.getKey(), ProfileSettings.DEFAULT);
      e.getValue().forEach(expected::add);
      assertSameValues(table.get(e.getKey()), expected, e.getKey() + " with " + threads);
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 5})
  void eventsInSharesReadAtOnceShouldFoldIntoEachCustomersSequentialProfile(int threads) {
    Population pop = population(7);
    ProfileFold.Inputs all = inputs(pop.shuffled());
    // the events dealt into three shares (and none left in the single stream)
    List<List<Event>> shares = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int[] n = {0};
    all.events().forEach(e -> shares.get(n[0]++ % 3).add(e));
    ProfileTable table =
        ProfileFold.fold(
            new ProfileFold.Inputs(
                all.orders(),
                all.items(),
                null,
                all.interactions(),
                all.reviews(),
                shares.stream().map(List::stream).toList()),
            ProfileFold.Options.defaults().withThreads(threads));

    assertThat(n[0]).isGreaterThan(1000);
    assertThat(table.size()).isEqualTo(pop.byCustomer().size());
    assertThat(table.counts().records()).isEqualTo(pop.shuffled().size());
    for (var e : pop.byCustomer().entrySet()) {
      CustomerProfile expected = new CustomerProfile(e.getKey(), ProfileSettings.DEFAULT);
      e.getValue().forEach(expected::add);
      assertSameValues(table.get(e.getKey()), expected, e.getKey() + " with " + threads);
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 3})
  void groupedFoldShouldEqualTheUngroupedFold(int threads) {
    Population pop = population(7);
    ProfileFold.Options options = ProfileFold.Options.defaults().withThreads(threads);
    ProfileTable grouped = ProfileFold.foldGrouped(pop.byCustomer(), options);
    ProfileTable ungrouped = ProfileFold.fold(inputs(pop.shuffled()), options);
    assertThat(grouped.ids()).isEqualTo(ungrouped.ids());
    for (int row = 0; row < grouped.size(); row++) {
      assertSameValues(grouped.profile(row), ungrouped.profile(row), grouped.id(row).value());
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 4})
  void shouldLeaveOutRecordsAtOrAfterUntilAndLinesOfThoseOrders(int threads) {
    Population pop = population(11);
    Instant until =
        RecordGenerator.START.plusDays(100).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    ProfileTable table =
        ProfileFold.fold(
            inputs(pop.shuffled()),
            ProfileFold.Options.defaults().withThreads(threads).withUntil(until));
    long kept = 0;
    for (var e : pop.byCustomer().entrySet()) {
      CustomerProfile expected = new CustomerProfile(e.getKey(), ProfileSettings.DEFAULT);
      java.util.Set<String> keptOrders = new java.util.HashSet<>();
      for (Record r : e.getValue()) {
        if (r instanceof Order o && o.orderedAt().isBefore(until)) {
          keptOrders.add(o.orderId());
        }
      }
      for (Record r : e.getValue()) {
        boolean keep =
            switch (r) {
              case Order o -> o.orderedAt().isBefore(until);
              case OrderItem i -> keptOrders.contains(i.orderId());
              case Event v -> v.occurredAt().isBefore(until);
              case Interaction i -> i.occurredAt().isBefore(until);
              case Review v -> v.createdAt().isBefore(until);
              default -> throw new AssertionError(r);
            };
        if (keep) {
          expected.add(r);
          kept++;
        }
      }
      CustomerProfile actual = table.get(e.getKey());
      if (actual != null) {
        assertSameValues(actual, expected, e.getKey().value());
      }
    }
    assertThat(table.counts().records()).isEqualTo(kept);
    assertThat(
            table.counts().records() + table.counts().afterUntil() + table.counts().orphanItems())
        .isEqualTo(pop.shuffled().size());
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 3})
  void oneFoldOfSeveralCutOffsShouldEqualAFoldPerCutOff(int threads) {
    Population pop = population(13);
    List<Instant> untils = new ArrayList<>();
    for (int day : new int[] {40, 100, 70}) {
      untils.add(
          RecordGenerator.START.plusDays(day).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    }
    untils.add(null);
    ProfileFold.Options options = ProfileFold.Options.defaults().withThreads(threads);
    List<ProfileTable> together = ProfileFold.foldUntil(inputs(pop.shuffled()), options, untils);
    assertThat(together).hasSize(4);
    long previous = -1;
    for (int k = 0; k < untils.size(); k++) {
      ProfileTable alone =
          ProfileFold.fold(inputs(pop.shuffled()), options.withUntil(untils.get(k)));
      ProfileTable one = together.get(k);
      assertThat(one.ids()).as("cut-off %s", untils.get(k)).isEqualTo(alone.ids());
      assertThat(one.counts()).isEqualTo(alone.counts());
      for (int row = 0; row < one.size(); row++) {
        assertSameValues(one.profile(row), alone.profile(row), one.id(row).value());
      }
      if (k == 1) {
        // a later cut-off keeps more: the tables are not one table four times
        assertThat(one.counts().records()).isGreaterThan(previous);
      }
      previous = one.counts().records();
    }
  }

  @Test
  void givenARepeatedOrderId_eachCutOffShouldGiveTheLinesToItsLastOwnerBeforeIt() {
    // one id twice (a caller's own records may repeat one): lines go to the last order read with
    // the id that is before the cut-off, as a fold of that cut-off alone gives them
    Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
    Instant t1 = Instant.parse("2025-05-01T10:00:00Z");
    List<Order> orders =
        List.of(
            new Order(
                "o1",
                CustomerId.of("ann"),
                t0,
                io.tessera.contract.Money.of(10, "EUR"),
                null,
                null,
                null),
            new Order(
                "o1",
                CustomerId.of("bob"),
                t1,
                io.tessera.contract.Money.of(20, "EUR"),
                null,
                null,
                null));
    List<OrderItem> items = List.of(new OrderItem("o1", "p1", "books", 1, 5));
    List<Instant> untils =
        List.of(Instant.parse("2025-04-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:00Z"));
    ProfileFold.Options options = ProfileFold.Options.defaults().withThreads(1);
    List<ProfileTable> together =
        ProfileFold.foldUntil(
            ProfileFold.Inputs.of(orders, items, List.of(), List.of(), List.of()), options, untils);
    for (int k = 0; k < untils.size(); k++) {
      ProfileTable alone =
          ProfileFold.fold(
              ProfileFold.Inputs.of(orders, items, List.of(), List.of(), List.of()),
              options.withUntil(untils.get(k)));
      assertThat(together.get(k).ids()).isEqualTo(alone.ids());
      assertThat(together.get(k).counts()).isEqualTo(alone.counts());
      for (int row = 0; row < alone.size(); row++) {
        assertSameValues(together.get(k).profile(row), alone.profile(row), alone.id(row).value());
      }
    }
    assertThat(together.get(0).get(CustomerId.of("ann")).categories()).containsExactly("books");
    assertThat(together.get(1).get(CustomerId.of("ann")).categories()).isEmpty();
    assertThat(together.get(1).get(CustomerId.of("bob")).categories()).containsExactly("books");
  }

  /**
   * The order lines of {@code inputs} joined to their order's customer and time, as a store does.
   */
  private static List<ProfileFold.OwnedItem> owned(List<Record> shuffled) {
    Map<String, Order> byId = new java.util.HashMap<>();
    for (Record r : shuffled) {
      if (r instanceof Order o) {
        byId.put(o.orderId(), o);
      }
    }
    List<ProfileFold.OwnedItem> out = new ArrayList<>();
    for (Record r : shuffled) {
      if (r instanceof OrderItem i) {
        Order o = byId.get(i.orderId());
        out.add(new ProfileFold.OwnedItem(i, o.customerId(), o.orderedAt()));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 3})
  void linesThatBringTheirOwnerShouldFoldAsLinesRoutedByTheirOrder(int threads) {
    Population pop = population(17);
    List<Instant> untils = new ArrayList<>();
    for (int day : new int[] {40, 100}) {
      untils.add(
          RecordGenerator.START.plusDays(day).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    }
    untils.add(null);
    List<ProfileFold.OwnedItem> owned = new ArrayList<>(owned(pop.shuffled()));
    // a line whose order's customer is not folded (a store leaves the excluded out): an orphan
    OrderItem stray = new OrderItem("o-stray", "p-1", "books", 1, 9.5);
    owned.add(
        new ProfileFold.OwnedItem(
            stray, null, RecordGenerator.START.atStartOfDay().toInstant(java.time.ZoneOffset.UTC)));
    List<Record> withStray = new ArrayList<>(pop.shuffled());
    withStray.add(stray);
    ProfileFold.Options options = ProfileFold.Options.defaults().withThreads(threads);
    List<ProfileTable> byOrder = ProfileFold.foldUntil(inputs(withStray), options, untils);
    ProfileFold.Inputs all = inputs(pop.shuffled());
    List<ProfileTable> byOwner =
        ProfileFold.foldUntil(
            new ProfileFold.Inputs(
                all.orders(),
                null,
                all.events(),
                all.interactions(),
                all.reviews(),
                List.of(),
                owned.stream()),
            options,
            untils);
    int lines = 0;
    for (int k = 0; k < untils.size(); k++) {
      ProfileTable expected = byOrder.get(k);
      ProfileTable actual = byOwner.get(k);
      assertThat(actual.counts()).as("cut-off %s", untils.get(k)).isEqualTo(expected.counts());
      assertThat(actual.counts().orphanItems()).isGreaterThanOrEqualTo(1);
      assertThat(actual.ids()).isEqualTo(expected.ids());
      for (int row = 0; row < actual.size(); row++) {
        assertSameValues(actual.profile(row), expected.profile(row), actual.id(row).value());
        lines += actual.profile(row).categories().size();
      }
    }
    assertThat(lines).as("categories bought: the lines were folded").isGreaterThan(100);
  }

  @Test
  void shouldSortProfilesAsTheirIdsCompareWhateverTheirSharedPrefixAndCharacters() {
    // ids sharing a long prefix, one a prefix of another, characters above 255 and at 255
    List<String> values =
        new ArrayList<>(
            List.of(
                "CUST-000000001",
                "CUST-000000010",
                "CUST-0000000",
                "CUST-000000001x",
                "CUST-00000000\u00ff1",
                "CUST-00000000\u01001",
                "CUST-00000000\u0100",
                "CUST-00000000\uffff",
                "CUST-0000000099999999999",
                "CUST-0000000099999999998"));
    Random random = new Random(3);
    for (int i = 0; i < 500; i++) {
      StringBuilder b = new StringBuilder("CUST-0");
      int n = random.nextInt(12);
      for (int c = 0; c < n; c++) {
        b.append(
            (char) (random.nextBoolean() ? '0' + random.nextInt(3) : 250 + random.nextInt(10)));
      }
      values.add(b.toString());
    }
    List<CustomerId> ids = values.stream().distinct().map(CustomerId::of).toList();
    List<CustomerProfile> shuffled = new ArrayList<>();
    for (CustomerId id : ids) {
      shuffled.add(new CustomerProfile(id, ProfileSettings.DEFAULT));
    }
    Collections.shuffle(shuffled, new Random(5));
    CustomerProfile[] sorted = shuffled.toArray(CustomerProfile[]::new);
    ProfileFold.sortByCustomer(sorted);
    List<CustomerId> expected = new ArrayList<>(ids);
    Collections.sort(expected);
    assertThat(java.util.Arrays.stream(sorted).map(CustomerProfile::customerId).toList())
        .isEqualTo(expected);
  }
}
