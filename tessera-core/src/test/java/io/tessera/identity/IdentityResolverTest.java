package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.privacy.Pseudonymizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The identity graph's links and guard rails, each on a small population built for it. */
class IdentityResolverTest {
  private static final Pseudonymizer P = new Pseudonymizer("resolver-test-key-long-enough");
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  static String email(String raw) {
    return P.pseudonym(raw);
  }

  static String phone(String e164) {
    return P.pseudonym(e164);
  }

  static Account account(String id, String email, String phone, Integer born, String gender) {
    return new Account(
        CustomerId.of(id), email, phone, Map.of(), born, gender, "KR", "Seoul", true, T);
  }

  static Sighting seen(String record, String customer, String anon, String device, String mail) {
    return new Sighting(
        record, T, customer == null ? null : CustomerId.of(customer), anon, device, mail);
  }

  /**
   * 300 accounts of different people and 20 second accounts without email that share their person's
   * phone, birth year, gender and region (a shop sign-up): enough pairs for EM.
   */
  static List<Account> population() {
    SplittableRandom r = new SplittableRandom(5);
    List<Account> out = new ArrayList<>();
    String[] regions = {"Seoul", "Busan", "Incheon", "Daegu", "Gyeonggi"};
    for (int i = 0; i < 300; i++) {
      String ph = phone("+8210" + (10_000_000 + r.nextInt(89_999_999)));
      int born = 1950 + r.nextInt(55);
      String g = r.nextBoolean() ? "female" : "male";
      String region = regions[r.nextInt(regions.length)];
      String id = String.format("C%04d", i);
      out.add(
          new Account(
              CustomerId.of(id),
              email(id + "@x.com"),
              ph,
              Map.of(),
              born,
              g,
              "KR",
              region,
              true,
              T));
      if (i < 20) {
        out.add(
            new Account(
                CustomerId.of("K" + id.substring(1)),
                null,
                ph,
                Map.of(),
                born,
                g,
                "KR",
                region,
                true,
                T));
      }
    }
    return out;
  }

  @Test
  void givenSecondAccountsSharingPhoneAndDemographics_whenResolved_thenMergedProbabilistically() {
    IdentityGraph g = IdentityResolver.resolve(population(), List.of(), IdentityOptions.defaults());
    assertThat(g.resolve(CustomerId.of("K0007"))).isEqualTo(CustomerId.of("C0007"));
    assertThat(g.report().mergedCustomers()).isEqualTo(20);
    assertThat(g.report().accountLinksByRule()).containsEntry("probabilistic", 20L);
    IdentityLink link = g.linksOf(CustomerId.of("C0007")).get(0);
    assertThat(link.rule()).isEqualTo("probabilistic");
    assertThat(link.matchWeight()).isGreaterThan(6.6); // posterior odds above 99:1
    assertThat(link.evidence()).containsExactly("customers:C0007", "customers:K0007");
    // blocking: only pairs sharing a phone are compared (20), not 320 * 319 / 2
    assertThat(g.report().model().blockedPairs()).isEqualTo(20);
    ResolvedCustomer c = g.customer(CustomerId.of("K0007"));
    assertThat(c.confidence()).isEqualTo(link.confidence()).isLessThan(1.0);
  }

  @Test
  void givenTheSameVerifiedEmailOnTwoAccounts_whenResolved_thenMergedDeterministically() {
    List<Account> accounts = new ArrayList<>(population());
    accounts.add(account("Z1", email("same@x.com"), null, 1980, "male"));
    accounts.add(account("Z2", email("same@x.com"), null, null, null));
    IdentityGraph g = IdentityResolver.resolve(accounts, List.of(), IdentityOptions.defaults());
    assertThat(g.resolve(CustomerId.of("Z2"))).isEqualTo(CustomerId.of("Z1"));
    IdentityLink l = g.linksOf(CustomerId.of("Z1")).get(0);
    assertThat(l.rule()).isEqualTo("same_email");
    assertThat(l.deterministic()).isTrue();
    assertThat(l.confidence()).isEqualTo(1.0);
  }

  @Test
  void givenTwoDifferentVerifiedEmails_whenTheModelWouldMerge_thenTheMergeIsBlockedAndReported() {
    List<Account> accounts = new ArrayList<>(population());
    // K0003 gets an email of its own: the model still scores it as C0003, the emails conflict
    Account k = accounts.stream().filter(a -> a.id().value().equals("K0003")).findFirst().get();
    accounts.remove(k);
    accounts.add(
        new Account(
            k.id(),
            email("other@x.com"),
            k.phone(),
            Map.of(),
            k.birthYear(),
            k.gender(),
            k.country(),
            k.region(),
            true,
            T));
    IdentityGraph g = IdentityResolver.resolve(accounts, List.of(), IdentityOptions.defaults());
    assertThat(g.resolve(CustomerId.of("K0003"))).isEqualTo(CustomerId.of("K0003"));
    assertThat(g.report().conflicts())
        .containsExactly(
            new IdentityReport.Conflict(
                CustomerId.of("C0003"),
                CustomerId.of("K0003"),
                "probabilistic",
                "different email"));
    assertThat(g.report().mergedCustomers()).isEqualTo(19);
  }

  @Test
  void givenAnEmailOnMoreAccountsThanTheThreshold_whenResolved_thenItLinksNobodyAndIsReported() {
    List<Account> accounts = new ArrayList<>();
    String test = email("qa-test@shop.example.com");
    for (int i = 0; i < 4; i++) {
      accounts.add(account("X" + i, test, null, 1970 + i * 5, "female"));
    }
    List<Sighting> sightings = List.of(seen("e1", null, "anon-1", null, test));
    IdentityGraph g = IdentityResolver.resolve(accounts, sightings, IdentityOptions.defaults());
    assertThat(g.report().mergedCustomers()).isZero();
    assertThat(g.report().shared())
        .containsExactly(new IdentityReport.Shared(new Identifier(IdentifierKind.EMAIL, test), 4));
    assertThat(g.resolve(sightings.get(0))).isNull();
    // at a threshold of 4 the same email is a verified identifier and merges them
    IdentityGraph lax =
        IdentityResolver.resolve(accounts, sightings, IdentityOptions.defaults().withMaxShared(4));
    assertThat(lax.report().mergedCustomers()).isEqualTo(1);
    assertThat(lax.resolve(sightings.get(0))).isEqualTo(CustomerId.of("X0"));
  }

  @Test
  void givenAFamilyTablet_whenTwoCustomersLogInOnIt_thenItsAnonymousUseLinksNobody() {
    List<Account> accounts =
        List.of(
            account("A", email("a@x.com"), null, 1970, "f"),
            account("B", email("b@x.com"), null, 2001, "m"));
    List<Sighting> s =
        List.of(
            seen("e1", "A", null, "tablet", null),
            seen("e2", "B", null, "tablet", null),
            seen("e3", null, null, "tablet", null),
            seen("e4", "A", "web-a", null, null),
            seen("e5", null, "web-a", null, null));
    IdentityGraph g = IdentityResolver.resolve(accounts, s, IdentityOptions.defaults());
    assertThat(g.resolve(s.get(2))).isNull();
    assertThat(g.resolve(s.get(4))).isEqualTo(CustomerId.of("A"));
    assertThat(g.resolve(CustomerId.of("B"))).isEqualTo(CustomerId.of("B"));
    assertThat(g.report().ambiguous())
        .containsExactly(
            new IdentityReport.Shared(new Identifier(IdentifierKind.DEVICE_ID, "tablet"), 2));
    assertThat(g.report().recordsLinkedByRule()).containsEntry("login", 1L);
    assertThat(g.report().recordsUnlinked()).isEqualTo(1);
  }

  @Test
  void givenASecondEmailSeenWithALogin_whenAnotherBrowserShowsIt_thenThatBrowserIsLinkedToo() {
    String second = email("alt@x.com");
    List<Account> accounts = List.of(account("A", email("a@x.com"), null, 1970, "f"));
    List<Sighting> s =
        List.of(
            seen("e1", null, "n1", null, second),
            seen("e2", "A", "n1", null, null),
            seen("e3", null, "n2", null, second),
            seen("e4", null, "n3", null, email("a@x.com")));
    IdentityGraph g = IdentityResolver.resolve(accounts, s, IdentityOptions.defaults());
    assertThat(g.resolve(s.get(2))).isEqualTo(CustomerId.of("A"));
    assertThat(g.resolve(s.get(3))).isEqualTo(CustomerId.of("A"));
    // n1 by its login, the second email and n2 by the events they share with n1, n3 by A's email
    assertThat(g.report().identifiersLinkedByRule())
        .containsEntry("login", 1L)
        .containsEntry("same_event", 2L)
        .containsEntry("verified_email", 1L);
    // anonymous records by the rule of their first identifier: e1 (n1), e3 (n2), e4 (n3)
    assertThat(g.report().recordsLinkedByRule())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("login", 1L, "same_event", 1L, "verified_email", 1L));
  }

  @Test
  void givenACustomerWithoutConsent_whenTheirEmailAndDeviceMatch_thenNeverLinkedOrMerged() {
    String mail = email("nc@x.com");
    List<Account> accounts =
        List.of(
            new Account(
                CustomerId.of("N1"), mail, null, Map.of(), 1980, "f", "KR", "Seoul", false, T),
            account("N2", mail, null, 1980, "f"));
    List<Sighting> s =
        List.of(seen("e1", "N1", null, "dev", null), seen("e2", null, null, "dev", null));
    IdentityGraph g = IdentityResolver.resolve(accounts, s, IdentityOptions.defaults());
    assertThat(g.resolve(CustomerId.of("N2"))).isEqualTo(CustomerId.of("N2"));
    assertThat(g.resolve(CustomerId.of("N1"))).isEqualTo(CustomerId.of("N1"));
    assertThat(g.customer(CustomerId.of("N1"))).isNull();
    assertThat(g.resolve(s.get(1))).isNull();
    assertThat(g.report().withoutConsent()).isEqualTo(1);
    assertThat(g.report().consentBlocked()).isEqualTo(2);
  }

  @Test
  void givenMalformedIdentifiers_whenResolved_thenReportedAndNeverLinked() {
    List<Account> accounts =
        List.of(
            account("A", "a@x.com", "010-1234-5678", 1970, "f"),
            account("B", "a@x.com", "010-1234-5678", 1970, "f"));
    List<Sighting> s = List.of(seen("e1", "A", "bad\u0001id", null, "not-a-pseudonym"));
    IdentityGraph g = IdentityResolver.resolve(accounts, s, IdentityOptions.defaults());
    assertThat(g.report().mergedCustomers()).isZero();
    assertThat(g.report().malformed())
        .containsEntry("email", 3L)
        .containsEntry("phone", 2L)
        .containsEntry("anonymous_id", 1L);
    assertThat(g.report().malformedExamples())
        .anyMatch(m -> m.startsWith("customers:A email: not a keyed pseudonym"))
        .noneMatch(m -> m.contains("a@x.com"));
  }

  @Test
  void givenAnIdentityColumn_whenTwoAccountsShareACard_thenMergedAndDifferentCardsBlock() {
    IdentityOptions o = IdentityOptions.defaults().withColumns(List.of("loyalty_card"));
    List<Account> accounts =
        List.of(
            card("L1", "card-1", null),
            card("L2", "card-1", null),
            card("L3", "card-2", email("l3@x.com")),
            card("L4", "card-3", email("l3@x.com")));
    IdentityGraph g = IdentityResolver.resolve(accounts, List.of(), o);
    assertThat(g.resolve(CustomerId.of("L2"))).isEqualTo(CustomerId.of("L1"));
    assertThat(g.resolve(CustomerId.of("L4"))).isEqualTo(CustomerId.of("L4"));
    assertThat(g.report().conflicts())
        .extracting(IdentityReport.Conflict::reason)
        .containsExactly("different loyalty_card");
  }

  private static Account card(String id, String card, String mail) {
    return new Account(
        CustomerId.of(id),
        mail,
        null,
        Map.of("loyalty_card", card),
        null,
        null,
        null,
        null,
        true,
        T);
  }

  @Test
  void givenAnUnmerge_whenResolvedAgain_thenTheAccountsStayApartAndWhoAndWhyAreReported() {
    List<Account> accounts =
        List.of(
            account("A", email("s@x.com"), null, 1970, "f"),
            account("B", email("s@x.com"), null, 1970, "f"));
    IdentityGraph before =
        IdentityResolver.resolve(accounts, List.of(), IdentityOptions.defaults());
    assertThat(before.resolve(CustomerId.of("B"))).isEqualTo(CustomerId.of("A"));
    Unmerge u =
        new Unmerge(
            CustomerId.of("B"), List.of(CustomerId.of("A")), "analyst-key", "a shared inbox", T);
    IdentityGraph after =
        IdentityResolver.resolve(
            accounts, List.of(), IdentityOptions.defaults().withUnmerges(List.of(u)));
    assertThat(after.resolve(CustomerId.of("B"))).isEqualTo(CustomerId.of("B"));
    assertThat(after.report().conflicts())
        .extracting(IdentityReport.Conflict::reason)
        .containsExactly("un-merged by analyst-key: a shared inbox");
    assertThat(after.report().unmerges()).containsExactly(u);
  }

  @Test
  void givenADeterministicAndAProbabilisticLink_whenChained_thenConfidenceIsTheWeakestLink() {
    List<Account> accounts = new ArrayList<>(population());
    // C0001 and K0001 are linked by the model; Z shares C0001's email, deterministic
    accounts.add(account("Z", email("C0001@x.com"), null, null, null));
    IdentityGraph g = IdentityResolver.resolve(accounts, List.of(), IdentityOptions.defaults());
    ResolvedCustomer c = g.customer(CustomerId.of("Z"));
    assertThat(c.accounts()).extracting(CustomerId::value).containsExactly("C0001", "K0001", "Z");
    double probabilistic =
        g.linksOf(c.id()).stream().filter(l -> !l.deterministic()).findFirst().get().confidence();
    assertThat(c.confidence()).isEqualTo(probabilistic).isLessThan(1.0);
  }
}
