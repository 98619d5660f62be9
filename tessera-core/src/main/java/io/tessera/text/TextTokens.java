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
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.apache.lucene.analysis.ko.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Tokenisation of Korean and English text with Lucene analyzers; thread-safe (Lucene's analyzers
 * keep one token stream per thread, and Nori's tokenizer is not thread-safe, so each thread gets
 * its own).
 *
 * <p>Korean: Lucene's Nori morphological analyser ({@link KoreanTokenizer}, the mecab-ko-dic
 * dictionary inside its jar) with a user dictionary of product and brand words that must stay
 * whole. English: {@link StandardTokenizer} (Unicode text segmentation, UAX #29), then {@link
 * EnglishPossessiveFilter} and lower case.
 *
 * <p>Two views of a text: {@link #terms} keeps every morpheme or word but punctuation (the
 * classifier's and the lexicon's input: endings, particles and negations carry sentiment), {@link
 * #topicTerms} keeps content words only: Korean general and proper nouns, roots and foreign words
 * (part-of-speech filter; compounds kept whole, while the full view splits them), English words of
 * 3+ letters outside Lucene's English stop set, whose negations ("no", "not") are not topical
 * anyway.
 *
 * <p>{@link #analyse} gives both views from one pass of the analyser, the expensive step (Nori's
 * Viterbi search): Nori runs in its mixed decompound mode, which emits each compound or inflected
 * form whole and then its parts, so the full view takes the parts (as Nori's discard mode would
 * give them) and the topic view the whole forms (as its no-decompound mode would, which drops a
 * whole form starting with punctuation as Nori does). {@code TextTokensOnePassTest} checks that
 * both views equal those of the two separate analyser chains on every NSMC and UCI text.
 */
public final class TextTokens {
  // punctuation and symbols: the only tags the full view drops
  private static final Set<POS.Tag> PUNCTUATION =
      EnumSet.of(
          POS.Tag.SF, POS.Tag.SE, POS.Tag.SSO, POS.Tag.SSC, POS.Tag.SC, POS.Tag.SY, POS.Tag.SP);
  // content tags kept for topics; every other tag is stopped
  private static final Set<POS.Tag> TOPIC_KEEP =
      EnumSet.of(POS.Tag.NNG, POS.Tag.NNP, POS.Tag.XR, POS.Tag.SL, POS.Tag.SH);
  private static final CharArraySet ENGLISH_STOP = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  /**
   * A text's language and its two views.
   *
   * @param terms every morpheme or word but punctuation ({@link #terms})
   * @param topicTerms the content words ({@link #topicTerms})
   */
  public record Analysed(Language language, List<String> terms, List<String> topicTerms) {
    public Analysed {
      terms = List.copyOf(terms);
      topicTerms = List.copyOf(topicTerms);
    }
  }

  private final List<String> userWords;
  private final Analyzer korean;
  private final Analyzer english;

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
    this.korean = korean(userDictionary(this.userWords));
    this.english = english();
  }

  /** The user dictionary words this tokeniser was made with. */
  public List<String> userWords() {
    return userWords;
  }

  /** Every morpheme (Korean) or word (English) of {@code text}, lower case, without punctuation. */
  public List<String> terms(String text, Language language) {
    return analyse(text, language).terms();
  }

  /** The content words of {@code text} for topic modelling (see the class comment). */
  public List<String> topicTerms(String text, Language language) {
    return analyse(text, language).topicTerms();
  }

  /** Both views of {@code text} in its detected language ({@link Language#detect}). */
  public Analysed analyse(String text) {
    String t = text == null ? "" : text;
    return analyse(t, Language.detect(t));
  }

  /** Both views of {@code text} as a text of {@code language}, from one analyser pass. */
  public Analysed analyse(String text, Language language) {
    List<String> all = new ArrayList<>();
    List<String> topic = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return new Analysed(language, all, topic);
    }
    if (language == Language.KO) {
      runKorean(text, all, topic);
    } else {
      runEnglish(text, all, topic);
    }
    return new Analysed(language, all, topic);
  }

  private void runKorean(String text, List<String> all, List<String> topic) {
    try (TokenStream ts = korean.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PartOfSpeechAttribute pos = ts.addAttribute(PartOfSpeechAttribute.class);
      ts.reset();
      // the parts still to come of the last whole compound or inflected form
      int parts = 0;
      while (ts.incrementToken()) {
        POS.Tag tag = pos.getLeftPOS();
        if (parts > 0) {
          // a part: the full view's (what the discard mode gives)
          parts--;
          if (!PUNCTUATION.contains(tag)) {
            all.add(term.toString());
          }
          continue;
        }
        boolean whole = pos.getPOSType() != POS.Type.MORPHEME;
        var morphemes = pos.getMorphemes();
        if (whole && morphemes != null) {
          // a whole form, its parts next: the topic view's only
          parts = morphemes.length;
        } else if (!PUNCTUATION.contains(tag)) {
          all.add(term.toString());
        }
        // the no-decompound mode drops a whole form that starts with punctuation
        if (TOPIC_KEEP.contains(tag) && !(whole && isPunctuation(term.charAt(0)))) {
          topic.add(term.toString());
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("tokenising a string cannot fail on IO", e);
    }
  }

  private void runEnglish(String text, List<String> all, List<String> topic) {
    try (TokenStream ts = english.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String t = term.toString();
        all.add(t);
        if (t.length() >= 3 && Character.isLetter(t.charAt(0)) && !ENGLISH_STOP.contains(t)) {
          topic.add(t);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("tokenising a string cannot fail on IO", e);
    }
  }

  /** Nori's punctuation test (its tokenizer drops such tokens when they are whole forms). */
  private static boolean isPunctuation(char ch) {
    if (ch == 0x318D) {
      return true; // Hangul letter araea, an interpunct
    }
    return switch (Character.getType(ch)) {
      case Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.CONTROL,
          Character.FORMAT,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.CONNECTOR_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  private static Analyzer korean(UserDictionary dictionary) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        KoreanTokenizer tokenizer =
            new KoreanTokenizer(
                TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
                dictionary,
                KoreanTokenizer.DecompoundMode.MIXED,
                false);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
      }
    };
  }

  private static Analyzer english() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        return new TokenStreamComponents(
            tokenizer, new LowerCaseFilter(new EnglishPossessiveFilter(tokenizer)));
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
}
