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
 * @param lexiconKo {@code text.lexicon_ko}: KnuSentiLex's SentiWord_Dict.txt (or folder), or null
 * @param labelled {@code text.labelled}: a labelled file for the classifier ({@link
 *     LabelledTexts}), or null
 * @param ratingLabels {@code text.rating_labels}: when no labelled file is given, train the
 *     classifier on the reviews' star ratings as weak labels (4-5 positive, 1-2 negative, 3 left
 *     out); default true
 */
public record TextOptions(
    List<String> userDictionary, Path lexiconKo, Path labelled, boolean ratingLabels) {
  public static final Set<String> KEYS =
      Set.of("user_dictionary", "lexicon_ko", "labelled", "rating_labels");

  public TextOptions {
    userDictionary = List.copyOf(userDictionary);
  }

  public static TextOptions defaults() {
    return new TextOptions(List.of(), null, null, true);
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
    return new TextOptions(
        words,
        path(node.path("lexicon_ko"), baseDir),
        path(node.path("labelled"), baseDir),
        ratings);
  }

  private static Path path(JsonNode n, Path baseDir) {
    if (n.isMissingNode() || n.isNull() || n.asText().isBlank()) {
      return null;
    }
    Path p = Path.of(n.asText().strip());
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}
