package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokensTest {
  private final TextTokens tokens = new TextTokens();

  @Test
  void shouldSplitKoreanIntoMorphemesAndKeepEndingsForSentiment() {
    // Nori: 좋 (VA) + 아요 (EF); 배송 (NNG) + 이 (JKS); 빠르 (VA) + 아요
    assertThat(tokens.terms("배송이 빨라요. 좋아요!", Language.KO))
        .containsSubsequence("배송", "이", "빠르", "좋")
        .doesNotContain(".", "!");
  }

  @Test
  void shouldKeepOnlyContentWordsForTopics() {
    assertThat(tokens.topicTerms("배송이 너무 늦었고 상자가 찌그러져 왔어요", Language.KO))
        .contains("배송", "상자")
        .doesNotContain("이", "가", "너무");
    assertThat(tokens.topicTerms("The delivery wasn't late, it's the box's fault", Language.EN))
        .containsExactly("delivery", "wasn't", "late", "box", "fault");
  }

  @Test
  void shouldKeepNegationsAndStripPossessivesInEnglish() {
    assertThat(tokens.terms("NOT the seller's fault", Language.EN))
        .containsExactly("not", "the", "seller", "fault");
  }

  @Test
  void shouldKeepUserDictionaryWordsWhole() {
    String text = "테세라폰케이스 정말 좋아요";
    assertThat(tokens.topicTerms(text, Language.KO)).doesNotContain("테세라폰케이스");
    TextTokens withBrand = new TextTokens(List.of("테세라폰케이스"));
    assertThat(withBrand.topicTerms(text, Language.KO)).contains("테세라폰케이스");
  }

  @Test
  void shouldRefuseABlankUserDictionaryWordWithTheKey() {
    assertThatThrownBy(() -> new TextTokens(List.of(" ")))
        .hasMessageContaining("text.user_dictionary");
  }
}
