package io.tessera.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code text} keys of {@code tessera.yaml}.
 *
 * @param userDictionary {@code text.user_dictionary}: product and brand words Nori keeps whole
 * @param lexiconEn {@code text.lexicon_en}: VADER's folder (or its vader_lexicon.txt), or null
 *     ({@link Lexicons}: then {@value Lexicons#ENV_EN})
 * @param lexiconKo {@code text.lexicon_ko}: KnuSentiLex's SentiWord_Dict.txt (or folder), or null
 *     (then {@value Lexicons#ENV_KO})
 * @param labelled {@code text.labelled}: a labelled file for the classifier ({@link
 *     LabelledTexts}), or null
 * @param ratingLabels {@code text.rating_labels}: when no labelled file is given, train the
 *     classifier on the reviews' star ratings as weak labels (4-5 positive, 1-2 negative, 3 left
 *     out); default true
 * @param cvMaxTexts {@code text.cv_max_texts}: the classifier's reported cross-validation runs on a
 *     stratified sample of at most this many labelled texts (the classifier is fitted on all);
 *     default {@value #DEFAULT_CV_MAX_TEXTS}
 */
public record TextOptions(
    List<String> userDictionary,
    Path lexiconEn,
    Path lexiconKo,
    Path labelled,
    boolean ratingLabels,
    int cvMaxTexts) {
  public static final Set<String> KEYS =
      Set.of(
          "user_dictionary",
          "lexicon_en",
          "lexicon_ko",
          "labelled",
          "rating_labels",
          "cv_max_texts");

  /**
   * The default cap of the classifier's CV sample: a nested 5-fold CV of 4,000 texts costs about
   * what one fit of 20,000 does, and its accuracy has a standard error near 0.006.
   */
  public static final int DEFAULT_CV_MAX_TEXTS = 4_000;

  public TextOptions {
    userDictionary = List.copyOf(userDictionary);
    if (cvMaxTexts < 10) {
      throw new IllegalArgumentException(
          "text.cv_max_texts must be at least 10, got " + cvMaxTexts);
    }
  }

  public static TextOptions defaults() {
    return new TextOptions(List.of(), null, null, null, true, DEFAULT_CV_MAX_TEXTS);
  }

  /**
   * Reads the {@code text} mapping ({@code node} may be missing); relative paths resolve against
   * {@code baseDir}.
   *
   * @throws IllegalArgumentException naming the key and what to write instead
   */
  public static TextOptions of(JsonNode node, Path baseDir) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return defaults();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "text must be a mapping with keys " + String.join(", ", KEYS.stream().sorted().toList()));
    }
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(
                    "text: unknown key '"
                        + k
                        + "'; allowed keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
              }
            });
    List<String> words = new ArrayList<>();
    JsonNode d = node.path("user_dictionary");
    if (!d.isMissingNode() && !d.isNull()) {
      if (!d.isArray()) {
        throw new IllegalArgumentException(
            "text.user_dictionary must be a list of words such as [테세라폰, 갤럭시버즈], got " + d);
      }
      d.forEach(w -> words.add(w.asText()));
    }
    JsonNode r = node.path("rating_labels");
    boolean ratings = true;
    if (!r.isMissingNode() && !r.isNull()) {
      String v = r.asText().strip().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("text.rating_labels must be true or false, got " + r);
      }
      ratings = v.equals("true");
    }
    int cvMax = DEFAULT_CV_MAX_TEXTS;
    JsonNode cm = node.path("cv_max_texts");
    if (!cm.isMissingNode() && !cm.isNull()) {
      if (!cm.canConvertToInt() || !cm.isIntegralNumber() || cm.asInt() < 10) {
        throw new IllegalArgumentException(
            "text.cv_max_texts must be a whole number of at least 10, such as 4000; got " + cm);
      }
      cvMax = cm.asInt();
    }
    return new TextOptions(
        words,
        path(node.path("lexicon_en"), baseDir),
        path(node.path("lexicon_ko"), baseDir),
        path(node.path("labelled"), baseDir),
        ratings,
        cvMax);
  }

  private static Path path(JsonNode n, Path baseDir) {
    if (n.isMissingNode() || n.isNull() || n.asText().isBlank()) {
      return null;
    }
    Path p = Path.of(n.asText().strip());
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}
