package io.tessera.text;

import java.util.List;

/**
 * Scores one text at a time: its language, sentiment, label and complaint finding. Thread-safe and
 * cheap per call, so the batch run and the live engine score every text with the same object (batch
 * = live).
 *
 * <p>Sentiment: the trained classifier's 2p - 1 when one was trained (labelled texts or star
 * ratings given), else the lexicon method of the text's language (VADER for English, KnuSentiLex
 * for Korean, when {@link Lexicons} has them). A text with neither has no sentiment (NaN, method
 * {@code none}).
 */
public final class TextScorer {
  /** How a text's sentiment was measured. */
  public enum Method {
    CLASSIFIER,
    LEXICON,
    NONE
  }

  /**
   * One scored text.
   *
   * @param sentiment the score in [-1, 1], NaN without a method
   * @param lexicon the lexicon method's score (NaN without a lexicon for the language)
   */
  public record Scored(
      Language language,
      double sentiment,
      double lexicon,
      Method method,
      Complaints.Finding complaint) {
    /** The label by {@link SentimentLabel}'s thresholds; null without a sentiment. */
    public SentimentLabel label() {
      return Double.isNaN(sentiment) ? null : SentimentLabel.of(sentiment);
    }
  }

  private final TextTokens tokens;
  private final Lexicons lexicons;
  private final SentimentClassifier classifier;

  /**
   * @param tokens the tokenisers (with the user dictionary)
   * @param lexicons VADER and KnuSentiLex, either or both missing ({@link Lexicons#NONE})
   * @param classifier a trained classifier, or null
   */
  public TextScorer(TextTokens tokens, Lexicons lexicons, SentimentClassifier classifier) {
    this.tokens = tokens;
    this.lexicons = java.util.Objects.requireNonNull(lexicons, "lexicons");
    this.classifier = classifier;
  }

  public TextTokens tokens() {
    return tokens;
  }

  public boolean hasClassifier() {
    return classifier != null;
  }

  public Lexicons lexicons() {
    return lexicons;
  }

  /** This scorer with {@code trained} as its classifier. */
  public TextScorer withClassifier(SentimentClassifier trained) {
    return new TextScorer(tokens, lexicons, trained);
  }

  /** The lexicon score of {@code text} in [-1, 1], NaN when its language has no lexicon. */
  public double lexicon(String text) {
    String t = text == null ? "" : text;
    return lexicon(t, tokens.analyse(t));
  }

  /** The lexicon score of {@code text} from its analysis by this scorer's tokens. */
  public double lexicon(String text, TextTokens.Analysed analysed) {
    return lexicon(text == null ? "" : text, analysed.language(), analysed.terms());
  }

  private double lexicon(String text, Language lang, List<String> terms) {
    if (lang == Language.EN) {
      Vader vader = lexicons.english();
      return vader == null ? Double.NaN : vader.compound(text);
    }
    KnuLexicon korean = lexicons.korean();
    return korean == null ? Double.NaN : korean.compound(text, terms);
  }

  /** Scores {@code text} (null or blank: English, neutral lexicon score, no complaint). */
  public Scored score(String text) {
    String t = text == null ? "" : text;
    return score(t, tokens.analyse(t));
  }

  /**
   * Scores {@code text} from its analysis by this scorer's {@link #tokens} ({@link
   * TextTokens#analyse}), so that a caller that needs the topic view too analyses each text once.
   */
  public Scored score(String text, TextTokens.Analysed analysed) {
    String t = text == null ? "" : text;
    Language lang = analysed.language();
    List<String> terms = analysed.terms();
    double lex = lexicon(t, lang, terms);
    double sentiment;
    Method method;
    if (classifier != null && !t.isBlank()) {
      sentiment = 2 * classifier.probability(t, terms) - 1;
      method = Method.CLASSIFIER;
    } else if (!Double.isNaN(lex)) {
      sentiment = lex;
      method = Method.LEXICON;
    } else {
      sentiment = Double.NaN;
      method = Method.NONE;
    }
    Complaints.Finding complaint =
        Complaints.find(t, lang, terms, Double.isNaN(sentiment) ? 0 : sentiment);
    return new Scored(lang, sentiment, lex, method, complaint);
  }
}
