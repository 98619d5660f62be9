package io.tessera.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.contract.Consent;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.ProfileTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 7, 1);

  private static Customer customer(String id, Map<String, String> attributes) {
    return new Customer(
        CustomerId.of(id), null, null, null, null, null, null, null, Consent.UNKNOWN, attributes);
  }

  @Test
  void shouldBuildNamedColumnsFromProfilesCategoriesAndAttributes() {
    Populations.Population pop = Populations.of(200, 3);
    List<String> names =
        List.of("monetary", "frequency", "category_share:toys", "attribute:survey_score");
    FeatureMatrix m = FeatureMatrix.build(pop.profiles(), pop.customers(), names, AS_OF);

    assertThat(m.names()).isEqualTo(names);
    assertThat(m.rows()).isEqualTo(200); // every customer, ordered or not
    assertThat(m.ids()).isSorted();
    assertThat(m.kinds())
        .containsExactly(
            ProfileField.Kind.MONEY,
            ProfileField.Kind.COUNT,
            ProfileField.Kind.SHARE,
            ProfileField.Kind.SCORE);
    for (int i = 0; i < m.rows(); i++) {
      CustomerId id = m.id(i);
      var p = pop.profiles().get(id);
      double expectedMonetary = p == null ? 0 : p.value(ProfileField.MONETARY, AS_OF);
      assertThat(m.get(i, 0)).isEqualTo(expectedMonetary);
      double toys = m.get(i, 2);
      assertThat(Double.isNaN(toys) || (toys >= 0 && toys <= 1)).isTrue();
      String score =
          pop.customers().stream()
              .filter(c -> c.customerId().equals(id))
              .findFirst()
              .orElseThrow()
              .attributes()
              .get("survey_score");
      if (score.isEmpty()) {
        assertThat(m.get(i, 3)).isNaN();
      } else {
        assertThat(m.get(i, 3)).isEqualTo(Double.parseDouble(score));
      }
    }
    assertThat(m.column("monetary")).containsExactly(m.column(0));
    double[][] rows = m.toRowMajor();
    assertThat(rows).hasNumberOfRows(200);
    assertThat(rows[7]).containsExactly(m.row(7));
    assertThat(rows[7][2]).isEqualTo(m.get(7, 2), org.assertj.core.api.Assertions.offset(0.0));
  }

  @Test
  void shouldSegmentACustomersFileAloneOnItsAttributes() {
    List<Customer> customers =
        List.of(
            customer("b", Map.of("income", "15", "spending", "39")),
            customer("a", Map.of("income", "16", "spending", " 81 ")));
    ProfileTable none = ProfileTable.of(List.of(), ProfileSettings.DEFAULT);
    FeatureMatrix m =
        FeatureMatrix.build(
            none, customers, List.of("attribute:income", "attribute:spending", "frequency"), AS_OF);
    assertThat(m.ids()).containsExactly(CustomerId.of("a"), CustomerId.of("b"));
    assertThat(m.column("attribute:income")).containsExactly(16, 15);
    assertThat(m.column("attribute:spending")).containsExactly(81, 39);
    assertThat(m.column("frequency")).containsExactly(0, 0); // no orders: zero purchases
  }

  @Test
  void anUnknownFeatureShouldBeNamedWithTheAvailableOnes() {
    Populations.Population pop = Populations.of(20, 5);
    assertThatThrownBy(
            () ->
                FeatureMatrix.build(
                    pop.profiles(), pop.customers(), List.of("recency_days", "spend"), AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "features: unknown feature 'spend'; available: frequency, orders_total,")
        .hasMessageContaining("category_share:books")
        .hasMessageContaining("attribute:survey_score");
    assertThatThrownBy(
            () ->
                FeatureMatrix.build(
                    pop.profiles(), pop.customers(), List.of("category_share:cars"), AS_OF))
        .hasMessageContaining("unknown feature 'category_share:cars'");
  }

  @Test
  void aNonNumericAttributeShouldBeReportedWithItsCustomer() {
    List<Customer> customers = List.of(customer("x1", Map.of("band", "high")));
    ProfileTable none = ProfileTable.of(List.of(), ProfileSettings.DEFAULT);
    assertThatThrownBy(() -> FeatureMatrix.build(none, customers, List.of("attribute:band"), AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'band' of customer x1 is not a number: 'high'");
  }
}
