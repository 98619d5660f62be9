package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComplaintsTest {
  // VADER from ../shared (English sentiment decides a one-term complaint); skips without it
  private static TextScorer english() {
    return new TextScorer(new TextTokens(), Lexicons.of(Vader.bundledCopy(), null), null);
  }

  @Test
  void shouldFlagANegativeTextWithAComplaintTermAndNameTheTrigger() {
    Complaints.Finding f =
        english().score("My order arrived late and the box was damaged.").complaint();
    assertThat(f.complaint()).isTrue();
    assertThat(f.triggers()).containsExactly("late", "damaged");
  }

  @Test
  void shouldNotFlagAPositiveTextWithOneTerm() {
    TextScorer.Scored s = english().score("Quick refund, great service, thank you!");
    assertThat(s.sentiment()).isGreaterThan(0.05);
    assertThat(s.complaint().complaint()).isFalse();
    assertThat(s.complaint().triggers()).containsExactly("refund");
  }

  @Test
  void shouldFlagKoreanByTwoTermsWithoutALexicon() {
    // no Korean lexicon and no classifier: no sentiment, so two terms are needed
    TextScorer scorer = new TextScorer(new TextTokens(), Lexicons.NONE, null);
    TextScorer.Scored s = scorer.score("이틀 만에 고장났어요. 환불해 주세요.");
    assertThat(s.method()).isEqualTo(TextScorer.Method.NONE);
    assertThat(s.complaint().complaint()).isTrue();
    assertThat(s.complaint().triggers()).containsExactly("환불", "고장");
    assertThat(scorer.score("환불 문의드립니다").complaint().complaint()).isFalse();
  }
}
