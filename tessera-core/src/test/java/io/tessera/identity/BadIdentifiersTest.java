package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.generate.GeneratorOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad identifiers on a generated shop: malformed emails and phones (raw values, control characters,
 * over-long values), one email and one phone on thousands of accounts, one device logged in as
 * thousands of customers. They are reported, the resolution does not fail, and they merge nobody:
 * every generated account resolves exactly as it does without them, and each added account stays
 * alone.
 */
class BadIdentifiersTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void givenAShopWithBadIdentifiers_whenResolved_thenTheyAreReportedAndMergeNobody(
      @TempDir Path tmp) {
    GeneratedIdentities shop =
        GeneratedIdentities.generate(
            new GeneratorOptions(2_000, 365, 31, 0.01, null).withIdentities(0.2, 0.01), tmp);
    IdentityGraph clean = shop.resolve(IdentityOptions.defaults());

    String testEmail = IdentityResolverTest.email("test@shop.example");
    String callCentre = IdentityResolverTest.phone("+821000000000");
    List<Account> accounts = new ArrayList<>(shop.accounts());
    List<CustomerId> added = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      CustomerId id = CustomerId.of(String.format("zz-bad-%05d", i));
      added.add(id);
      String email =
          switch (i % 4) {
            case 0 -> testEmail; // one email on 750 accounts
            case 1 -> "not-an-email"; // a raw value, not a pseudonym
            case 2 -> "h:" + "0".repeat(31) + "\u0007"; // a control character
            default -> "h:" + "a".repeat(300); // over-long
          };
      String phone = i % 2 == 0 ? callCentre : "+82 10-1234"; // one phone on 1,500; raw
      accounts.add(new Account(id, email, phone, Map.of(), 1980, "f", "KR", "Seoul", true, T));
    }
    List<Sighting> sightings = new ArrayList<>(shop.sightings());
    // a shop kiosk: one device logged in as 2,000 generated customers, and malformed anonymous ids
    for (int i = 0; i < 2_000; i++) {
      CustomerId who = shop.accounts().get(i % shop.accounts().size()).id();
      sightings.add(new Sighting("kiosk-" + i, T, who, null, "kiosk-device", null));
      sightings.add(new Sighting("junk-" + i, T, null, "anon\n" + i, null, "not-a-pseudonym"));
    }
    IdentityGraph bad = IdentityResolver.resolve(accounts, sightings, IdentityOptions.defaults());

    IdentityReport r = bad.report();
    assertThat(r.malformed()).containsKeys("email", "phone", "anonymous_id");
    assertThat(r.malformed().get("email")).isGreaterThanOrEqualTo(2_250);
    assertThat(r.malformed().get("phone")).isGreaterThanOrEqualTo(1_500);
    assertThat(r.malformed().get("anonymous_id")).isGreaterThanOrEqualTo(2_000);
    assertThat(r.malformedExamples())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).doesNotContain(testEmail));
    assertThat(r.shared())
        .anySatisfy(
            s -> {
              assertThat(s.identifier()).isEqualTo(new Identifier(IdentifierKind.EMAIL, testEmail));
              assertThat(s.customers()).isEqualTo(750);
            })
        .anySatisfy(
            s -> {
              assertThat(s.identifier())
                  .isEqualTo(new Identifier(IdentifierKind.PHONE, callCentre));
              assertThat(s.customers()).isEqualTo(1_500);
            })
        .anySatisfy(
            s -> {
              assertThat(s.identifier())
                  .isEqualTo(new Identifier(IdentifierKind.DEVICE_ID, "kiosk-device"));
              assertThat(s.customers()).isEqualTo(2_000);
            });

    // nobody merged by them: every generated account resolves as without them
    for (Account a : shop.accounts()) {
      assertThat(bad.resolve(a.id())).as(a.id().value()).isEqualTo(clean.resolve(a.id()));
      if (clean.customer(a.id()) != null) {
        assertThat(bad.customer(a.id()).accounts()).isEqualTo(clean.customer(a.id()).accounts());
      }
    }
    for (CustomerId id : added) {
      assertThat(bad.customer(id).accounts()).as(id.value()).containsExactly(id);
    }
    assertThat(bad.resolve(new Identifier(IdentifierKind.DEVICE_ID, "kiosk-device"))).isNull();
    // and the figures against the planted truth are unchanged
    IdentityEvaluation.Result before = IdentityEvaluation.evaluate(shop.truth(), clean);
    IdentityEvaluation.Result after = IdentityEvaluation.evaluate(shop.truth(), bad);
    assertThat(after.correctPairs()).isEqualTo(before.correctPairs());
    assertThat(after.predictedPairs()).isEqualTo(before.predictedPairs());
  }
}
