package io.tessera.text;

import io.tessera.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sentiment lexicons of a run and where each came from. A user points Tessera at them: the
 * {@code tessera.yaml} keys {@code text.lexicon_en} and {@code text.lexicon_ko}, else the
 * environment variables {@value #ENV_EN} and {@value #ENV_KO}. Nothing is looked for anywhere else.
 * English falls back to the older copy of VADER's lexicon (MIT) in the jar ({@link
 * Vader#bundledCopy}); KnuSentiLex states no licence and is not bundled, so a Korean lexicon that
 * is not given is {@linkplain #missing missing}, and the run says so with {@link #supply how to
 * supply it}. One that is given but cannot be read stops the run.
 *
 * @param english VADER, or null
 * @param korean KnuSentiLex, or null
 * @param englishSource the key or variable VADER came from, or null
 * @param koreanSource the key or variable KnuSentiLex came from, or null
 */
public record Lexicons(
    Vader english, KnuLexicon korean, String englishSource, String koreanSource) {
  /** The environment variable naming VADER's folder when {@code text.lexicon_en} is not set. */
  public static final String ENV_EN = "TESSERA_LEXICON_EN";

  /** The environment variable naming KnuSentiLex when {@code text.lexicon_ko} is not set. */
  public static final String ENV_KO = "TESSERA_LEXICON_KO";

  /**
   * The source of VADER when the user names none: the copy in the jar ({@link Vader#bundledCopy}).
   */
  public static final String BUNDLED = "the copy bundled in Tessera";

  /** No lexicon: every text is scored by the classifier, or has no sentiment. */
  public static final Lexicons NONE = new Lexicons(null, null, null, null);

  /** These lexicons with VADER (tests and benches that read it themselves). */
  public static Lexicons of(Vader english, KnuLexicon korean) {
    return new Lexicons(
        english, korean, english == null ? null : "given", korean == null ? null : "given");
  }

  /**
   * Reads the lexicons a run names: {@code en} and {@code ko} (the {@code text.lexicon_en} and
   * {@code text.lexicon_ko} paths, null when not set), else the paths of {@value #ENV_EN} and
   * {@value #ENV_KO} in {@code env}.
   *
   * @throws ConfigException naming the key or variable, the path and what to give instead, when a
   *     lexicon is named but cannot be read
   */
  public static Lexicons load(Path en, Path ko, Map<String, String> env) {
    String enSource = en != null ? "text.lexicon_en" : set(env, ENV_EN) ? ENV_EN : null;
    String koSource = ko != null ? "text.lexicon_ko" : set(env, ENV_KO) ? ENV_KO : null;
    Path enPath = en != null ? en : enSource == null ? null : Path.of(env.get(ENV_EN).strip());
    Path koPath = ko != null ? ko : koSource == null ? null : Path.of(env.get(ENV_KO).strip());
    Vader vader = null;
    KnuLexicon knu = null;
    try {
      vader = enPath == null ? Vader.bundledCopy() : Vader.read(enPath);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(enSource, e.getMessage(), e);
    }
    try {
      knu = koPath == null ? null : KnuLexicon.read(koPath);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(koSource, e.getMessage(), e);
    }
    return new Lexicons(vader, knu, enSource == null ? BUNDLED : enSource, koSource);
  }

  /** Whether {@code language} has a lexicon. */
  public boolean has(Language language) {
    return language == Language.EN ? english != null : korean != null;
  }

  /** The languages among {@code languages} without a lexicon. */
  public List<Language> missing(Iterable<Language> languages) {
    List<Language> out = new ArrayList<>();
    for (Language l : languages) {
      if (!has(l) && !out.contains(l)) {
        out.add(l);
      }
    }
    return out;
  }

  /** The lexicon of {@code language} by name. */
  public static String name(Language language) {
    return language == Language.EN ? "VADER" : "KnuSentiLex";
  }

  /** What the lexicon of {@code language} is, in a sentence for {@code models/text.json}. */
  public String describe(Language language) {
    if (language == Language.EN) {
      return english == null
          ? "none: " + supply(language)
          : "VADER (Hutto & Gilbert 2014), "
              + english.size()
              + " entries, from "
              + (BUNDLED.equals(englishSource)
                  ? BUNDLED
                      + " ("
                      + Vader.BUNDLED_ARTIFACT
                      + " on Maven Central: an older lexicon, without emoji descriptions; "
                      + supply(language)
                      + " for the current one)"
                  : englishSource);
    }
    return korean == null
        ? "none: " + supply(language)
        : "KnuSentiLex, " + korean.size() + " entries, from " + koreanSource;
  }

  /** How to supply the lexicon of {@code language}, in one sentence. */
  public static String supply(Language language) {
    return language == Language.EN
        ? "set text.lexicon_en in tessera.yaml, or the environment variable "
            + ENV_EN
            + ", to "
            + what(language)
        : "set text.lexicon_ko in tessera.yaml, or the environment variable "
            + ENV_KO
            + ", to "
            + what(language);
  }

  /** What a setting of the lexicon of {@code language} names, and where to get it. */
  public static String what(Language language) {
    return language == Language.EN
        ? "the folder holding vader_lexicon.txt (and emoji_utf8_lexicon.txt) from"
            + " github.com/cjhutto/vaderSentiment (folder vaderSentiment, MIT licence)"
        : "KnuSentiLex's SentiWord_Dict.txt (or its folder) from"
            + " github.com/park1200656/KnuSentiLex";
  }

  private static boolean set(Map<String, String> env, String name) {
    String v = env == null ? null : env.get(name);
    return v != null && !v.isBlank();
  }
}
