package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java VADER reproduces the compound scores the reference Python implementation prints in its
 * README (cjhutto/vaderSentiment @ 44fc044, copied into ../shared/datasets/sentiment-lexicon-en),
 * and so does the older copy of the lexicon bundled in the jar, which every run without {@code
 * text.lexicon_en} uses (the README's sentences use none of the words the two copies rate apart).
 */
class VaderPublishedFiguresTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("published")
  void shouldMatchThePublishedCompoundScore(String sentence, double published) {
    assertThat(vader().compound(sentence)).isEqualTo(published);
  }

  @ParameterizedTest(name = "bundled copy: {0} -> {1}")
  @MethodSource("published")
  void givenTheBundledCopy_thenThePublishedCompoundScore(String sentence, double published) {
    assertThat(Vader.bundledCopy().compound(sentence)).isEqualTo(published);
  }

  /**
   * The bundled copy is the older lexicon: 7,500 distinct readable words (two Latin-1 emoticons
   * skipped, later duplicates win as in the reference), without "heart", "badass" negative, and no
   * emoji descriptions (an emoji scores nothing).
   */
  @Test
  void givenTheBundledCopy_thenTheOlderLexiconWithoutEmoji() {
    Vader bundled = Vader.bundledCopy();
    assertThat(bundled.size()).isEqualTo(7_500);
    assertThat(bundled.rates("heart")).isFalse();
    assertThat(bundled.valence("badass")).isEqualTo(-0.6);
    assertThat(bundled.valence("good")).isEqualTo(1.9);
    assertThat(bundled.compound("💋")).isEqualTo(0.0);
  }

  /** The sentences and compound scores of the reference README. */
  static Stream<Arguments> published() {
    return Arrays.stream(PUBLISHED)
        .map(line -> line.split("\\|"))
        .map(f -> Arguments.of(f[0], Double.parseDouble(f[1])));
  }

  private static final String[] PUBLISHED = {
    "VADER is smart, handsome, and funny.|0.8316",
    "VADER is smart, handsome, and funny!|0.8439",
    "VADER is very smart, handsome, and funny.|0.8545",
    "VADER is VERY SMART, handsome, and FUNNY.|0.9227",
    "VADER is VERY SMART, handsome, and FUNNY!!!|0.9342",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!|0.9469",
    "VADER is not smart, handsome, nor funny.|-0.7424",
    "The book was good.|0.4404",
    "At least it isn't a horrible book.|0.431",
    "The book was only kind of good.|0.3832",
    "The plot was good, but the characters are uncompelling and the dialog is not"
        + " great.|-0.7042",
    "Today SUX!|-0.5461",
    "Today only kinda sux! But I'll get by, lol|0.5249",
    "Make sure you :) or :D today!|0.8633",
    "Not bad at all|0.431"
  };

  /**
   * The README's emoji example prints 0.7003 = 3.8 / sqrt(3.8^2 + 15): "kiss" 1.8 + "smiling" 2.0.
   * The lexicon of the same commit also rates "heart" 3.2 (💘 is "heart with arrow"), so the
   * reference code with that lexicon gives 7.0 / sqrt(49 + 15) = 0.875: the README figure predates
   * the lexicon. The emoji are replaced by their descriptions either way.
   */
  @Test
  void shouldScoreEmojiByTheirDescriptions() {
    assertThat(vader().compound("Catch utf-8 emoji such as 💘 and 💋 and 😁"))
        .isEqualTo(Math.round(7.0 / Math.sqrt(49 + 15) * 10_000) / 10_000.0);
    assertThat(vader().compound("💋")).isEqualTo(vader().compound("kiss mark"));
  }

  /** VADER read from ../shared (its lexicon is not committed); the test is skipped without it. */
  private static Vader vader() {
    return SharedLexicons.vader();
  }
}
