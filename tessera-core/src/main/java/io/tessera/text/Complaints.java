package io.tessera.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Complaint detection from what a customer wrote, with the words that triggered it.
 *
 * <p>Rule: a text is a complaint when it holds a complaint term and its sentiment is negative
 * (score at most {@link SentimentLabel#NEGATIVE_MAX}), or when it holds two or more distinct
 * complaint terms whatever its sentiment ("환불" and "불량" together; "refund" and "damaged"). One term
 * alone in a neutral or positive text ("fast refund, thanks") is not a complaint. The term lists
 * are Tessera's own, per language: English terms are matched on the analyzer's words (and two-word
 * phrases), Korean terms as substrings of the text, because a Korean stem carries its endings
 * ("늦었어요", "찌그러져").
 */
public final class Complaints {
  static final Set<String> ENGLISH =
      Set.of(
          "refund",
          "refunded",
          "broken",
          "broke",
          "damaged",
          "late",
          "delayed",
          "delay",
          "missing",
          "wrong",
          "defective",
          "complaint",
          "complain",
          "complained",
          "cancel",
          "cancelled",
          "canceled",
          "faulty",
          "worst",
          "disappointed",
          "disappointing",
          "unacceptable",
          "rude",
          "overcharged",
          "scam",
          "useless",
          "never arrived",
          "not working",
          "stopped working",
          "poor quality",
          "money back");
  static final List<String> KOREAN =
      List.of(
          "환불", "불량", "파손", "고장", "교환", "늦", "지연", "불만", "항의", "취소", "오배송", "누락", "망가", "찌그러", "반품",
          "엉망", "최악", "실망", "불친절", "안 와", "안 옴", "깨져");

  private Complaints() {}

  /** Whether a text is a complaint, and the terms found in it. */
  public record Finding(boolean complaint, List<String> triggers) {
    public Finding {
      triggers = List.copyOf(triggers);
    }
  }

  /**
   * Applies the rule to a text of language {@code language}, its analyzer words {@code terms} and
   * its sentiment score.
   */
  public static Finding find(String text, Language language, List<String> terms, double sentiment) {
    Set<String> found = new LinkedHashSet<>();
    if (language == Language.KO) {
      for (String k : KOREAN) {
        if (text.contains(k)) {
          found.add(k);
        }
      }
    } else {
      for (int i = 0; i < terms.size(); i++) {
        String t = terms.get(i);
        if (ENGLISH.contains(t)) {
          found.add(t);
        }
        if (i + 1 < terms.size()) {
          String two = t + " " + terms.get(i + 1);
          if (ENGLISH.contains(two)) {
            found.add(two);
          }
        }
      }
    }
    boolean negative = sentiment <= SentimentLabel.NEGATIVE_MAX;
    boolean complaint = (!found.isEmpty() && negative) || found.size() >= 2;
    return new Finding(complaint, new ArrayList<>(found));
  }
}
