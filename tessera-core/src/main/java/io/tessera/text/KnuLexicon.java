package io.tessera.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Korean sentiment by the KNU Korean sentiment lexicon (KnuSentiLex) and a negation rule: the
 * compound score in [-1, 1].
 *
 * <p>The lexicon rates dictionary forms ("좋다", "최고", "가슴이 아프다") from -2 to +2. A text is matched on
 * its Nori morphemes: at each morpheme the longest run of up to three morphemes whose concatenation
 * is an entry, or an entry without its final "다" or "하다" (the stem Nori returns: "좋아요" is 좋 + 아요,
 * "행복했다" is 행복 + 하 + 였 + 다), counts once. When no morpheme matches, the whitespace words are
 * matched instead, an entry being the start of a word (slang and emoticons such as "ㅋㅋ", "굿" that
 * Nori splits). A negation ("안", "못" before, "않", "못하", "없" within two morphemes after) multiplies
 * a match by VADER's -0.74. Polarities are doubled onto VADER's -4..4 scale and the sum s is
 * normalised like VADER's, s / sqrt(s^2 + 15), so one lexicon score and one set of label thresholds
 * serve both languages.
 *
 * <p>The lexicon is not bundled (its repository states no licence): it is read where {@link
 * Lexicons} says ({@code text.lexicon_ko} or {@code TESSERA_LEXICON_KO}). References: 온병원, 박상민,
 * 나철원, KNU 한국어 감성사전 (2018), github.com/park1200656/KnuSentiLex; Hutto & Gilbert (2014) for the
 * negation factor and normalisation.
 */
public final class KnuLexicon {
  private static final double N_SCALAR = -0.74;
  private static final double ALPHA = 15;
  private static final Set<String> NEGATE_BEFORE = Set.of("안", "못");
  private static final Set<String> NEGATE_AFTER = Set.of("않", "못하", "없", "아니");

  private final Map<String, Integer> entries;
  private final Map<String, Integer> stems;
  private final int maxWordLength;

  KnuLexicon(Map<String, Integer> entries) {
    this.entries = Map.copyOf(entries);
    Map<String, Integer> s = new HashMap<>();
    int maxLen = 0;
    for (Map.Entry<String, Integer> e : entries.entrySet()) {
      String key = e.getKey().replace(" ", "");
      if (key.isEmpty()) {
        continue;
      }
      s.putIfAbsent(key, e.getValue());
      if (key.length() > 1 && key.endsWith("다")) {
        String stem = key.substring(0, key.length() - 1);
        s.putIfAbsent(stem, e.getValue());
        if (stem.length() > 1 && stem.endsWith("하")) {
          s.putIfAbsent(stem.substring(0, stem.length() - 1), e.getValue());
        }
      }
      maxLen = Math.max(maxLen, key.length());
    }
    this.stems = Map.copyOf(s);
    this.maxWordLength = maxLen;
  }

  /**
   * Reads KnuSentiLex from {@code SentiWord_Dict.txt} ({@code word<TAB>polarity}, split at the last
   * whitespace: one line uses a space), {@code SentiWord_info.json}, or a folder holding either.
   *
   * @throws IllegalArgumentException with the file, line and what to do when it cannot be read
   */
  public static KnuLexicon read(Path path) {
    Path p = path;
    if (Files.isDirectory(p)) {
      Path txt = p.resolve("SentiWord_Dict.txt");
      p = Files.exists(txt) ? txt : p.resolve("SentiWord_info.json");
    }
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(
          path
              + " is not KnuSentiLex's SentiWord_Dict.txt or SentiWord_info.json (or a folder with"
              + " one); give the path of the lexicon");
    }
    Map<String, Integer> m = new HashMap<>();
    try {
      if (p.getFileName().toString().endsWith(".json")) {
        JsonNode array = new ObjectMapper().readTree(p.toFile());
        for (JsonNode n : array) {
          m.put(n.path("word").asText().strip(), Integer.parseInt(n.path("polarity").asText()));
        }
      } else {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.isEmpty()) {
            continue;
          }
          int cut = Math.max(line.lastIndexOf('\t'), line.lastIndexOf(' '));
          try {
            m.put(line.substring(0, cut).strip(), Integer.parseInt(line.substring(cut + 1)));
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                p + " line " + (i + 1) + ": expected 'word<TAB>polarity' (-2..2), got: " + line);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException(p + " cannot be read as KnuSentiLex: " + e.getMessage());
    }
    if (m.isEmpty()) {
      throw new IllegalArgumentException(p + " holds no entries");
    }
    return new KnuLexicon(m);
  }

  public int size() {
    return entries.size();
  }

  /** A match: the lexicon entry found and its polarity after negation. */
  public record Match(String entry, double polarity) {}

  /** The matches in a text, given its Nori morphemes ({@link TextTokens#terms}). */
  public List<Match> matches(String text, List<String> morphemes) {
    List<Match> out = new ArrayList<>();
    int n = morphemes.size();
    for (int i = 0; i < n; ) {
      int len = 0;
      Integer pol = null;
      String key = null;
      for (int k = Math.min(3, n - i); k >= 1 && pol == null; k--) {
        StringBuilder sb = new StringBuilder();
        for (int j = i; j < i + k; j++) {
          sb.append(morphemes.get(j));
        }
        Integer p = stems.get(sb.toString());
        if (p != null && p != 0) {
          pol = p;
          len = k;
          key = sb.toString();
        }
      }
      if (pol == null) {
        i++;
        continue;
      }
      double v = pol;
      boolean negated = i > 0 && NEGATE_BEFORE.contains(morphemes.get(i - 1));
      for (int j = i + len; j < Math.min(n, i + len + 2) && !negated; j++) {
        negated = NEGATE_AFTER.contains(morphemes.get(j));
      }
      out.add(new Match(key, negated ? v * N_SCALAR : v));
      i += len;
    }
    if (out.isEmpty() && text != null) {
      for (String word : text.split("\\s+")) {
        Integer best = null;
        String bestKey = null;
        for (int k = Math.min(word.length(), maxWordLength); k >= 1 && best == null; k--) {
          String prefix = word.substring(0, k);
          Integer p = entries.get(prefix);
          if (p != null && p != 0) {
            best = p;
            bestKey = prefix;
          }
        }
        if (best != null) {
          out.add(new Match(bestKey, best));
        }
      }
    }
    return out;
  }

  /** The compound score in [-1, 1] of a text with these morphemes; 0 without a match. */
  public double compound(String text, List<String> morphemes) {
    double s = 0;
    for (Match m : matches(text, morphemes)) {
      s += 2 * m.polarity();
    }
    return s / Math.sqrt(s * s + ALPHA);
  }
}
