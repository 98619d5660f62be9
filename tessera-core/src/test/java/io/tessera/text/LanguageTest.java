package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {
  @Test
  void shouldCallATextKoreanFromThirtyPercentHangulLetters() {
    assertThat(Language.detect("배송이 빨라요")).isEqualTo(Language.KO);
    // 4 Hangul of 10 letters: 40% >= 30%
    assertThat(Language.detect("iPhone 케이스 좋아")).isEqualTo(Language.KO);
    // 2 Hangul of 24 letters: 8%
    assertThat(Language.detect("The delivery was quick 감사")).isEqualTo(Language.EN);
    // exactly 30%: 3 Hangul of 10 letters
    assertThat(Language.detect("abcdefg 가나다")).isEqualTo(Language.KO);
    assertThat(Language.detect("abcdefgh 가나")).isEqualTo(Language.EN);
  }

  @Test
  void givenNoLetters_thenEnglish() {
    assertThat(Language.detect(":) 123 !!")).isEqualTo(Language.EN);
    assertThat(Language.detect("")).isEqualTo(Language.EN);
    assertThat(Language.detect(null)).isEqualTo(Language.EN);
    assertThat(Language.detect("ㅋㅋㅋ")).isEqualTo(Language.KO);
  }
}
