package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TextTokens#analyse} runs Nori once (mixed decompound mode) for both views of a text; this
 * test holds the two separate analyser chains it replaced (discard mode with a punctuation
 * part-of-speech filter for the full view; no-decompound mode keeping content tags for the topic
 * view; English with and without the stop set) and checks that both views are equal, term for term,
 * on hand-picked sentences (compounds, inflections, punctuation, a user dictionary word), a
 * generated shop's texts, and every NSMC and UCI text when ../shared/datasets is present.
 */
class TextTokensOnePassTest {
  private static final Set<POS.Tag> PUNCTUATION =
      EnumSet.of(
          POS.Tag.SF, POS.Tag.SE, POS.Tag.SSO, POS.Tag.SSC, POS.Tag.SC, POS.Tag.SY, POS.Tag.SP);
  private static final Set<POS.Tag> TOPIC_KEEP =
      EnumSet.of(POS.Tag.NNG, POS.Tag.NNP, POS.Tag.XR, POS.Tag.SL, POS.Tag.SH);

  @TempDir Path dir;

  /** The two chains per language that TextTokens used before the one-pass analysis. */
  private static final class Reference {
    final Analyzer koreanAll;
    final Analyzer koreanTopic;
    final Analyzer englishAll = english(null);
    final Analyzer englishTopic = english(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);

    Reference(List<String> userWords) {
      UserDictionary d = null;
      if (!userWords.isEmpty()) {
        try {
          d = UserDictionary.open(new StringReader(String.join("\n", userWords) + "\n"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      koreanAll = korean(d, PUNCTUATION, KoreanTokenizer.DecompoundMode.DISCARD);
      koreanTopic =
          korean(
              d,
              EnumSet.complementOf(EnumSet.copyOf(TOPIC_KEEP)),
              KoreanTokenizer.DecompoundMode.NONE);
    }

    List<String> terms(String text, Language lang) {
      return run(lang == Language.KO ? koreanAll : englishAll, text);
    }

    List<String> topicTerms(String text, Language lang) {
      List<String> terms = run(lang == Language.KO ? koreanTopic : englishTopic, text);
      if (lang == Language.EN) {
        terms.removeIf(t -> t.length() < 3 || !Character.isLetter(t.charAt(0)));
      }
      return terms;
    }

    private static Analyzer korean(
        UserDictionary d, Set<POS.Tag> stop, KoreanTokenizer.DecompoundMode mode) {
      return new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          KoreanTokenizer t =
              new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, d, mode, false);
          TokenStream s = new KoreanPartOfSpeechStopFilter(t, stop);
          return new TokenStreamComponents(t, new LowerCaseFilter(s));
        }
      };
    }

    private static Analyzer english(CharArraySet stop) {
      return new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          StandardTokenizer t = new StandardTokenizer();
          TokenStream s = new LowerCaseFilter(new EnglishPossessiveFilter(t));
          if (stop != null) {
            s = new StopFilter(s, stop);
          }
          return new TokenStreamComponents(t, s);
        }
      };
    }

    private static List<String> run(Analyzer a, String text) {
      List<String> out = new ArrayList<>();
      try (TokenStream ts = a.tokenStream("text", text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          out.add(term.toString());
        }
        ts.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }
  }

  /** How many texts were compared; fails at the first text whose views differ. */
  private static int compare(List<String> texts, List<String> userWords) {
    TextTokens tokens = new TextTokens(userWords);
    Reference ref = new Reference(userWords);
    int n = 0;
    for (String t : texts) {
      if (t.isEmpty()) {
        continue;
      }
      TextTokens.Analysed a = tokens.analyse(t);
      assertThat(a.language()).isEqualTo(Language.detect(t));
      assertThat(a.terms()).as("full view of: %s", t).isEqualTo(ref.terms(t, a.language()));
      assertThat(a.topicTerms())
          .as("topic view of: %s", t)
          .isEqualTo(ref.topicTerms(t, a.language()));
      n++;
    }
    return n;
  }

  @Test
  void givenHandPickedSentences_thenBothViewsEqualTheSeparateChains() {
    List<String> texts =
        List.of(
            "배송이 빨라요. 좋아요!",
            "고객센터에 전화했는데 환불은 안 된다고 했어요...",
            "테세라폰케이스 정말 좋아요 ㅋㅋ",
            "상자가 찌그러져 왔고, 가격(3만원)도 비싸요?!",
            "“최고의 영화” — 10점 만점에 10점 ^^",
            "삼성전자 갤럭시버즈 2개 샀습니다 #리뷰",
            "The delivery wasn't late, it's the box's fault",
            "NOT the seller's fault!!! I'd buy again :)",
            "a an the to of it's 12345 ok");
    assertThat(compare(texts, List.of())).isEqualTo(texts.size());
    assertThat(compare(texts, List.of("테세라폰케이스", "갤럭시버즈"))).isEqualTo(texts.size());
    // the user dictionary changes the topic view, so the comparison is not vacuous
    assertThat(new TextTokens(List.of("테세라폰케이스")).topicTerms(texts.get(2), Language.KO))
        .contains("테세라폰케이스");
    assertThat(new TextTokens().topicTerms(texts.get(2), Language.KO)).doesNotContain("테세라폰케이스");
  }

  @Test
  void givenAGeneratedShop_thenBothViewsEqualTheSeparateChains() throws IOException {
    SyntheticShop.write(
        new GeneratorOptions(400, 365, 3, 0.0, GeneratorOptions.DEFAULT_END_DATE), dir);
    List<String> texts = new ArrayList<>();
    for (String file : List.of("reviews.csv", "interactions.csv")) {
      List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        // the text is the last column; the generator quotes it only when it holds a comma
        int q = line.indexOf(",\"");
        texts.add(
            q >= 0 && line.endsWith("\"")
                ? line.substring(q + 2, line.length() - 1).replace("\"\"", "\"")
                : line.substring(line.lastIndexOf(',') + 1));
      }
    }
    assertThat(compare(texts, List.of())).isGreaterThan(100);
  }

  @Test
  void givenTheNsmcAndUciTexts_thenBothViewsEqualTheSeparateChains() {
    Path ko = SharedData.require("reviews-ko-nsmc-train/nsmc_train_20k.tsv");
    Path en = SharedData.require("reviews-en-labelled-sentences");
    List<String> texts = new ArrayList<>();
    LabelledTexts.read(ko).forEach(l -> texts.add(l.text()));
    for (String f :
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      LabelledTexts.read(en.resolve(f)).forEach(l -> texts.add(l.text()));
    }
    assertThat(compare(texts, List.of())).isGreaterThan(22_000);
  }
}
