package io.tessera.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.contract.Review;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A profile makes each of its parts (orders, categories, events, interactions, reviews, texts) on
 * the first record that needs it and reads a missing part as an empty one: the figures must be the
 * same whichever parts a profile has made, however it got them (added, merged, copied).
 */
class ProfilePartsTest {
  private static final CustomerId ID = CustomerId.of("alice");
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final LocalDate AS_OF = LocalDate.of(2026, 4, 15);

  private static List<Record> orders() {
    return List.of(
        new Order("o1", ID, T0, Money.of(20, "EUR"), OrderStatus.COMPLETED, null, null),
        new Order(
            "o2",
            ID,
            T0.plus(Duration.ofDays(9)),
            Money.of(5, "EUR"),
            OrderStatus.RETURNED,
            null,
            null),
        new Order(
            "o3",
            ID,
            T0.plus(Duration.ofDays(30)),
            Money.of(12, "EUR"),
            OrderStatus.COMPLETED,
            null,
            null));
  }

  /** One record of every other kind a profile takes, and a text signal. */
  private static List<Object> everythingElse() {
    List<Object> out = new ArrayList<>();
    out.add(new OrderItem("o1", "p1", "books", 2, 10));
    out.add(new Event("e1", "page_view", T0.plusSeconds(60), ID, null, null, null, "s1", null));
    out.add(new Event("e2", "add_to_cart", T0.plusSeconds(90), ID, null, null, null, "s1", null));
    out.add(
        new Event(
            "e3", "email_open", T0.plus(Duration.ofDays(40)), ID, null, null, null, null, null));
    out.add(
        new Interaction(
            "i1",
            ID,
            T0.plus(Duration.ofDays(3)),
            Interaction.Channel.CALL,
            Interaction.Kind.COMPLAINT,
            ""));
    out.add(new Review("r1", ID, T0.plus(Duration.ofDays(5)), 4, "p1", null));
    out.add(new TextSignal(ID, T0.plus(Duration.ofDays(5)), -0.5, true, 2));
    return out;
  }

  private static void add(CustomerProfile p, Object record) {
    if (record instanceof TextSignal s) {
      p.add(s);
    } else {
      p.add((Record) record);
    }
  }

  private static CustomerProfile of(List<?> records) {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    records.forEach(r -> add(p, r));
    return p;
  }

  @Test
  void mergingTheOtherPartsIntoAnOrdersOnlyProfileShouldEqualAddingThemAll() {
    List<Object> all = new ArrayList<>(orders());
    all.addAll(everythingElse());
    CustomerProfile direct = of(all);

    CustomerProfile merged = of(orders());
    merged.merge(of(everythingElse()));
    CustomerProfile mergedTheOtherWay = of(everythingElse());
    mergedTheOtherWay.merge(of(orders()));

    assertThat(merged.values(AS_OF)).containsExactly(direct.values(AS_OF));
    assertThat(mergedTheOtherWay.values(AS_OF)).containsExactly(direct.values(AS_OF));
    assertThat(direct.copyAs(CustomerId.of("bob")).values(AS_OF))
        .containsExactly(direct.values(AS_OF));
    assertThat(of(orders()).copy().values(AS_OF)).containsExactly(of(orders()).values(AS_OF));
    assertThat(merged.categories()).containsExactly("books");
  }

  @Test
  void aProfileWithoutAPartShouldReadAsAnEmptyOneWhateverOtherProfilesWereGiven() {
    double[] fresh = new CustomerProfile(ID, ProfileSettings.DEFAULT).values(AS_OF);
    double[] ordersOnly = of(orders()).values(AS_OF);
    // the no-events figures of a new profile, as the shared empty parts give them
    assertThat(fresh[ProfileField.EVENTS_TOTAL.ordinal()]).isZero();
    assertThat(fresh[ProfileField.SESSIONS.ordinal()]).isZero();
    assertThat(fresh[ProfileField.RATING_MEAN.ordinal()]).isNaN();
    assertThat(fresh[ProfileField.TEXTS.ordinal()]).isZero();

    // other profiles given every kind of record, by adding, merging and copying
    CustomerProfile busy = of(everythingElse());
    CustomerProfile grown = of(orders());
    grown.merge(busy);
    CustomerId bob = CustomerId.of("bob");
    CustomerProfile copied = new CustomerProfile(ID, ProfileSettings.DEFAULT).copyAs(bob);
    copied.merge(grown.copyAs(bob));
    grown.trim();
    assertThat(busy.values(AS_OF)[ProfileField.EVENTS_TOTAL.ordinal()]).isEqualTo(3);

    // a shared empty part written by any of them would show here
    assertThat(new CustomerProfile(ID, ProfileSettings.DEFAULT).values(AS_OF))
        .containsExactly(fresh);
    assertThat(of(orders()).values(AS_OF)).containsExactly(ordersOnly);
    assertThat(new CustomerProfile(ID, ProfileSettings.DEFAULT).categories()).isEmpty();
    assertThat(
            new CustomerProfile(ID, ProfileSettings.DEFAULT)
                .eventCount(io.tessera.contract.EventType.PAGE_VIEW, AS_OF, 0))
        .isZero();
  }
}
