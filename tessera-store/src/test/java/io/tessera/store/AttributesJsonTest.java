package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link AttributesJson#write} writes plain attributes itself and gives the rest to Jackson: its
 * text must be Jackson's (the store's attributes column was always Jackson's writing) for any map.
 */
class AttributesJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Characters around every edge of the plain rule, and a few that Jackson escapes. */
  private static final String ALPHABET =
      "aZ09 _-./:<>&'=+~\u007f\u0000\u0001\u001f\t\n\r\"\\\u00e9\u00ff\ud55c\ud83d\ude00\ud800";

  @Test
  void shouldWriteEveryMapAsJacksonWritesIt() throws Exception {
    Random random = new Random(14);
    int plain = 0;
    for (int n = 0; n < 20_000; n++) {
      Map<String, String> attributes = new HashMap<>();
      int size = 1 + random.nextInt(4);
      for (int k = 0; k < size; k++) {
        attributes.put(text(random, n % 3 == 0), text(random, n % 3 != 2));
      }
      String expected = JSON.writeValueAsString(new TreeMap<>(attributes));
      assertThat(AttributesJson.write(attributes))
          .as("attributes %s", attributes)
          .isEqualTo(expected);
      if (expected.chars().noneMatch(c -> c == '\\' || c > 0x7e || c < 0x20)) {
        plain++;
      }
    }
    assertThat(plain).as("maps written without Jackson").isGreaterThan(5_000);
    assertThat(AttributesJson.write(Map.of())).isNull();
    assertThat(AttributesJson.write(Map.of("discount_code", "SAVE20", "original_amount", "22.17")))
        .isEqualTo("{\"discount_code\":\"SAVE20\",\"original_amount\":\"22.17\"}");
  }

  /** A text of printable ASCII only, or of the whole alphabet; sometimes empty. */
  private static String text(Random random, boolean plainOnly) {
    int length = random.nextInt(6);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(plainOnly ? 17 : ALPHABET.length())));
    }
    return s.toString();
  }
}
