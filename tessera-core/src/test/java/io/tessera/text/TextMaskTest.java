package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.privacy.TextMask;
import org.junit.jupiter.api.Test;

class TextMaskTest {
  @Test
  void shouldMaskEmailsPhonesAndLuhnValidCards() {
    assertThat(TextMask.mask("write to kim.minji@example.co.kr please"))
        .isEqualTo("write to [email] please");
    assertThat(TextMask.mask("call 010-1234-5678 or +82 10 9876 5432"))
        .isEqualTo("call [phone] or [phone]");
    assertThat(TextMask.mask("US line (555) 123-4567, office 02 123 4567"))
        .isEqualTo("US line [phone], office [phone]");
    // 4111 1111 1111 1111 is the Visa test number (Luhn-valid)
    assertThat(TextMask.mask("카드 4111 1111 1111 1111 로 결제했어요")).isEqualTo("카드 [card] 로 결제했어요");
    assertThat(TextMask.mask("card 4111-1111-1111-1111.")).isEqualTo("card [card].");
  }

  @Test
  void shouldLeaveOrderNumbersThatFailLuhnAndOrdinaryNumbers() {
    // 4111 1111 1111 1112 fails the Luhn check
    assertThat(TextMask.mask("order 4111111111111112 arrived"))
        .isEqualTo("order 4111111111111112 arrived");
    assertThat(TextMask.mask("2 items for 19.99 on 2026-03-01"))
        .isEqualTo("2 items for 19.99 on 2026-03-01");
    assertThat(TextMask.mask(null)).isNull();
  }
}
