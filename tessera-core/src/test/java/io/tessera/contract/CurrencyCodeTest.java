package io.tessera.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Money#isCurrencyCode} answers as the pattern {@code [A-Z]{3}} it replaced. */
class CurrencyCodeTest {
  @Test
  void shouldAcceptExactlyWhatThePatternMatches() {
    String alphabet = "AZUSDaz@[`0 \u00c4\u0130\ud83d";
    Random random = new Random(3);
    int accepted = 0;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(5);
      for (int i = 0; i < length; i++) {
        s.append(alphabet.charAt(random.nextInt(n % 2 == 0 ? 5 : alphabet.length())));
      }
      String text = s.toString();
      boolean expected = text.matches("[A-Z]{3}");
      assertThat(Money.isCurrencyCode(text)).as("'%s'", text).isEqualTo(expected);
      accepted += expected ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(1_000);
  }
}
