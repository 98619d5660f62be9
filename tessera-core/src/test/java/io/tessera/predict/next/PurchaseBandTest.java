package io.tessera.predict.next;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PurchaseBandTest {
  @Test
  void bandsShouldFollowTheDocumentedCutOffsWithInclusiveLowerBounds() {
    assertThat(PurchaseBand.of(1.0)).isEqualTo(PurchaseBand.VERY_LIKELY);
    assertThat(PurchaseBand.of(0.7)).isEqualTo(PurchaseBand.VERY_LIKELY);
    assertThat(PurchaseBand.of(0.6999)).isEqualTo(PurchaseBand.LIKELY);
    assertThat(PurchaseBand.of(0.5)).isEqualTo(PurchaseBand.LIKELY);
    assertThat(PurchaseBand.of(0.3)).isEqualTo(PurchaseBand.POSSIBLE);
    assertThat(PurchaseBand.of(0.1)).isEqualTo(PurchaseBand.UNLIKELY);
    assertThat(PurchaseBand.of(0.0999)).isEqualTo(PurchaseBand.VERY_UNLIKELY);
    assertThat(PurchaseBand.of(0)).isEqualTo(PurchaseBand.VERY_UNLIKELY);
    assertThat(PurchaseBand.LIKELY.upper()).isEqualTo(0.7);
    assertThat(PurchaseBand.VERY_LIKELY.id()).isEqualTo("very_likely");
    assertThat(PurchaseBand.VERY_UNLIKELY.korean()).isEqualTo("매우 낮음");
    assertThatThrownBy(() -> PurchaseBand.of(Double.NaN)).hasMessageContaining("[0, 1]");
  }

  @Test
  void theBetterValidationShouldBeTheOneWithTheLowerBrierScore() {
    var bg = NextPurchase.Validation.of("bgnbd", new double[] {0.9, 0.2, 0.1}, new int[] {1, 0, 0});
    var cl =
        NextPurchase.Validation.of("classifier", new double[] {0.6, 0.5, 0.4}, new int[] {1, 0, 0});
    assertThat(bg.rocAuc()).isEqualTo(1.0);
    assertThat(cl.rocAuc()).isEqualTo(1.0);
    assertThat(NextPurchase.better(bg, cl).source()).isEqualTo("bgnbd");
    assertThat(NextPurchase.better(cl, bg).source()).isEqualTo("bgnbd");
    assertThat(bg.observedRate()).isEqualTo(1.0 / 3);
  }
}
