package io.tessera.reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reasons cell of customers.csv, as the batch run has always written it. */
class ReasonsTest {
  @Test
  void shouldFormatTheClusterPartThenTheChurnPart() {
    assertThat(Reasons.of(List.of("a", "b"), List.of("c", "d")).cell())
        .isEqualTo("a; b | churn: c; d");
    assertThat(Reasons.of(List.of("a", "b"), List.of()).cell()).isEqualTo("a; b");
    assertThat(Reasons.of(List.of(), List.of("c")).cell()).isEqualTo("churn: c");
    assertThat(Reasons.NONE.cell()).isEmpty();
  }

  @Test
  void shouldKeepEachKindInItsOwnOrder() {
    Reasons r =
        Reasons.of(
            List.of("frequent buyer (frequency 9 vs 3 on average)"),
            List.of("x=1 (+0.400)", "y=2 (-0.100)"));
    assertThat(r.texts(Reason.Kind.CHURN)).containsExactly("x=1 (+0.400)", "y=2 (-0.100)");
    assertThat(r.texts(Reason.Kind.CLUSTER))
        .containsExactly("frequent buyer (frequency 9 vs 3 on average)");
    assertThat(r.items()).hasSize(3);
  }

  @Test
  void shouldReadBackTheCellItWrites() {
    for (Reasons r :
        List.of(
            Reasons.of(List.of("a", "b"), List.of("c", "d")),
            Reasons.of(List.of("a"), List.of()),
            Reasons.of(List.of(), List.of("x=1 (+0.400)")),
            Reasons.NONE)) {
      assertThat(Reasons.parseCell(r.cell())).isEqualTo(r);
    }
    assertThat(Reasons.parseCell(null)).isEqualTo(Reasons.NONE);
    assertThat(Reasons.parseCell("a; b | churn: c").texts(Reason.Kind.CHURN)).containsExactly("c");
  }

  @Test
  void shouldRefuseABlankReason() {
    assertThatThrownBy(() -> new Reason(Reason.Kind.CHURN, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
