package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.privacy.Pseudonymizer;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written pseudonym check agrees with the regular expression it replaced, {@code
 * h:[0-9a-f]{32}}, on real pseudonyms and on near misses built from them.
 */
class PseudonymCheckTest {
  private static final Pattern PSEUDONYM = Pattern.compile("h:[0-9a-f]{32}");
  private static final String ALPHABET = "0123456789abcdefABCDEFghxyz:h \t\u00e9\u0660-";

  @Test
  void givenPseudonymsAndNearMisses_whenChecked_thenAgreesWithTheRegularExpression() {
    Pseudonymizer p = new Pseudonymizer("pseudonym-check-test-key-long-enough");
    SplittableRandom random = new SplittableRandom(14);
    int pseudonyms = 0;
    for (int i = 0; i < 20_000; i++) {
      String v = p.pseudonym("person" + i + "@example.com");
      int change = random.nextInt(6);
      StringBuilder b = new StringBuilder(v);
      switch (change) {
        case 0 -> {} // unchanged
        case 1 -> b.setCharAt(random.nextInt(b.length()), pick(random));
        case 2 -> b.insert(random.nextInt(b.length() + 1), pick(random));
        case 3 -> b.deleteCharAt(random.nextInt(b.length()));
        case 4 -> b.setLength(random.nextInt(b.length()));
        default -> {
          b.setLength(0);
          for (int k = random.nextInt(40); k > 0; k--) {
            b.append(pick(random));
          }
        }
      }
      String s = b.toString();
      boolean expected = PSEUDONYM.matcher(s).matches();
      assertThat(IdentityResolver.isPseudonym(s)).as("%s", s).isEqualTo(expected);
      if (expected) {
        pseudonyms++;
      }
    }
    // about a sixth unchanged, plus the changes that keep the shape: both answers well exercised
    assertThat(pseudonyms).isBetween(3_000, 8_000);
  }

  private static char pick(SplittableRandom random) {
    return ALPHABET.charAt(random.nextInt(ALPHABET.length()));
  }
}
