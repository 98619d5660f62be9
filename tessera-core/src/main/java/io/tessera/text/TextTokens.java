package io.tessera.text;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
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

/**
 * Tokenisation of Korean and English text with Lucene analyzers; thread-safe (Lucene's analyzers
 * keep one token stream per thread).
 *
 * <p>Korean: Lucene's Nori morphological analyser ({@link KoreanTokenizer}, the mecab-ko-dic
 * dictionary inside its jar) with a user dictionary of product and brand words that must stay
 * whole. English: {@link StandardTokenizer} (Unicode text segmentation, UAX #29), then {@link
 * EnglishPossessiveFilter} and lower case.
 *
 * <p>Two views of a text: {@link #terms} keeps every morpheme or word but punctuation (the
 * classifier's and the lexicon's input: endings, particles and negations carry sentiment), {@link
 * #topicTerms} keeps content words only: Korean general and proper nouns, roots and foreign words
 * (part-of-speech stop filter; compounds kept whole, while the full view splits them), English
 * words of 3+ letters outside Lucene's English stop set, whose negations ("no", "not") are not
 * topical anyway.
 */
public final class TextTokens {
  // punctuation and symbols: the only tags the full view drops
  private static final Set<POS.Tag> PUNCTUATION =
      EnumSet.of(
          POS.Tag.SF, POS.Tag.SE, POS.Tag.SSO, POS.Tag.SSC, POS.Tag.SC, POS.Tag.SY, POS.Tag.SP);
  // content tags kept for topics; every other tag is stopped
  private static final Set<POS.Tag> TOPIC_KEEP =
      EnumSet.of(POS.Tag.NNG, POS.Tag.NNP, POS.Tag.XR, POS.Tag.SL, POS.Tag.SH);

  private final List<String> userWords;
  private final Analyzer koreanAll;
  private final Analyzer koreanTopic;
  private final Analyzer englishAll;
  private final Analyzer englishTopic;

  /** Tokenisers without a user dictionary. */
  public TextTokens() {
    this(List.of());
  }

  /**
   * Tokenisers whose Korean analyser keeps each of {@code userWords} as one noun (Nori's user
   * dictionary: one entry per line, a word optionally followed by its segmentation).
   *
   * @throws IllegalArgumentException when a word is blank or has characters Nori's user dictionary
   *     cannot hold
   */
  public TextTokens(List<String> userWords) {
    this.userWords = List.copyOf(userWords);
    UserDictionary dictionary = userDictionary(this.userWords);
    Set<POS.Tag> topicStop = EnumSet.complementOf(EnumSet.copyOf(TOPIC_KEEP));
    this.koreanAll = korean(dictionary, PUNCTUATION, KoreanTokenizer.DecompoundMode.DISCARD);
    // compounds stay whole for topics: 고객센터, not 고객 + 센터
    this.koreanTopic = korean(dictionary, topicStop, KoreanTokenizer.DecompoundMode.NONE);
    this.englishAll = english(null);
    this.englishTopic = english(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
  }

  /** The user dictionary words this tokeniser was made with. */
  public List<String> userWords() {
    return userWords;
  }

  /** Every morpheme (Korean) or word (English) of {@code text}, lower case, without punctuation. */
  public List<String> terms(String text, Language language) {
    return run(language == Language.KO ? koreanAll : englishAll, text);
  }

  /** The content words of {@code text} for topic modelling (see the class comment). */
  public List<String> topicTerms(String text, Language language) {
    List<String> terms = run(language == Language.KO ? koreanTopic : englishTopic, text);
    if (language == Language.EN) {
      terms.removeIf(t -> t.length() < 3 || !Character.isLetter(t.charAt(0)));
    }
    return terms;
  }

  private static Analyzer korean(
      UserDictionary dictionary, Set<POS.Tag> stopTags, KoreanTokenizer.DecompoundMode mode) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        KoreanTokenizer tokenizer =
            new KoreanTokenizer(
                TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, dictionary, mode, false);
        TokenStream s = new KoreanPartOfSpeechStopFilter(tokenizer, stopTags);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(s));
      }
    };
  }

  private static Analyzer english(CharArraySet stopWords) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream s = new LowerCaseFilter(new EnglishPossessiveFilter(tokenizer));
        if (stopWords != null) {
          s = new StopFilter(s, stopWords);
        }
        return new TokenStreamComponents(tokenizer, s);
      }
    };
  }

  private static UserDictionary userDictionary(List<String> words) {
    if (words.isEmpty()) {
      return null;
    }
    StringBuilder entries = new StringBuilder();
    for (String w : words) {
      String word = w == null ? "" : w.strip();
      if (word.isEmpty() || word.chars().anyMatch(c -> c == '#' || Character.isISOControl(c))) {
        throw new IllegalArgumentException(
            "text.user_dictionary: the entry '"
                + w
                + "' is blank or holds '#' or a control character; give one word per entry");
      }
      entries.append(word).append('\n');
    }
    try {
      return UserDictionary.open(new StringReader(entries.toString()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "text.user_dictionary: Nori cannot read the words " + words + ": " + e.getMessage(), e);
    }
  }

  private static List<String> run(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("tokenising a string cannot fail on IO", e);
    }
    return out;
  }
}
