package io.tessera.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * English sentiment by VADER's lexicon and rules, a re-implementation of the reference Python
 * {@code SentimentIntensityAnalyzer} (vaderSentiment 3.3.2): the compound score in [-1, 1].
 *
 * <p>Each word's valence comes from the human-rated lexicon (MIT licence; {@link #read} reads the
 * one the user names, {@link #bundledCopy} the older copy in the jar); boosters and dampeners
 * ("very", "kind of") within three words before it scale it (less with distance), a negation within
 * three words flips and shrinks it (x -0.74), an ALL-CAPS word in a mixed-case text is emphasised,
 * words before "but" count half and after it one and a half, and up to four '!' (and more than one
 * '?') add emphasis to the sum. The sum s is normalised to s / sqrt(s^2 + 15). Emoji are replaced
 * by their descriptions first.
 *
 * <p>References: C.J. Hutto and E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment
 * Analysis of Social Media Text", ICWSM 2014; github.com/cjhutto/vaderSentiment (the constants
 * below are that code's).
 */
public final class Vader {
  private static final double B_INCR = 0.293;
  private static final double B_DECR = -0.293;
  private static final double C_INCR = 0.733;
  private static final double N_SCALAR = -0.74;
  private static final double ALPHA = 15;

  private static final Set<String> NEGATE =
      Set.of(
          "aint",
          "arent",
          "cannot",
          "cant",
          "couldnt",
          "darent",
          "didnt",
          "doesnt",
          "ain't",
          "aren't",
          "can't",
          "couldn't",
          "daren't",
          "didn't",
          "doesn't",
          "dont",
          "hadnt",
          "hasnt",
          "havent",
          "isnt",
          "mightnt",
          "mustnt",
          "neither",
          "don't",
          "hadn't",
          "hasn't",
          "haven't",
          "isn't",
          "mightn't",
          "mustn't",
          "neednt",
          "needn't",
          "never",
          "none",
          "nope",
          "nor",
          "not",
          "nothing",
          "nowhere",
          "oughtnt",
          "shant",
          "shouldnt",
          "uhuh",
          "wasnt",
          "werent",
          "oughtn't",
          "shan't",
          "shouldn't",
          "uh-uh",
          "wasn't",
          "weren't",
          "without",
          "wont",
          "wouldnt",
          "won't",
          "wouldn't",
          "rarely",
          "seldom",
          "despite");

  private static final Map<String, Double> BOOSTERS = boosters();

  private static final Map<String, Double> SPECIAL_CASES =
      Map.ofEntries(
          Map.entry("the shit", 3.0),
          Map.entry("the bomb", 3.0),
          Map.entry("bad ass", 1.5),
          Map.entry("badass", 1.5),
          Map.entry("bus stop", 0.0),
          Map.entry("yeah right", -2.0),
          Map.entry("kiss of death", -1.5),
          Map.entry("to die for", 3.0),
          Map.entry("beating heart", 3.1),
          Map.entry("broken heart", -2.9));

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  /** The Maven artifact the bundled copy of the lexicon is unpacked from (see the core's pom). */
  public static final String BUNDLED_ARTIFACT =
      "com.github.apanimesh061:vader-sentiment-analyzer:1.0";

  private static final String BUNDLED_RESOURCE = "vader/vader_sentiment_lexicon.txt";

  private static volatile Vader bundledCopy;

  private final Map<String, Double> lexicon;
  private final Map<Integer, String> emoji;

  private Vader(Map<String, Double> lexicon, Map<Integer, String> emoji) {
    this.lexicon = lexicon;
    this.emoji = emoji;
  }

  /**
   * VADER with the lexicon {@code vader_lexicon.txt} and the emoji descriptions {@code
   * emoji_utf8_lexicon.txt} of github.com/cjhutto/vaderSentiment, read from {@code path}: their
   * folder, or the lexicon file itself (the emoji file is looked for beside it; without it emoji
   * are not replaced). {@link Lexicons} says where it comes from.
   *
   * @throws IllegalArgumentException naming the path and what to give instead when it holds no
   *     VADER lexicon
   */
  public static Vader read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("vader_lexicon.txt") : path;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          path
              + " is not VADER's vader_lexicon.txt nor a folder holding it; give the folder of"
              + " github.com/cjhutto/vaderSentiment's vaderSentiment/vader_lexicon.txt");
    }
    Map<String, Double> lexicon = VaderFiles.readLexicon(file);
    if (lexicon.isEmpty()) {
      throw new IllegalArgumentException(
          file + " holds no 'word<TAB>mean rating' lines: it is not VADER's lexicon");
    }
    Path folder = file.toAbsolutePath().getParent();
    return new Vader(lexicon, VaderFiles.readEmoji(folder.resolve("emoji_utf8_lexicon.txt")));
  }

  /**
   * The copy of VADER's lexicon bundled in the jar: {@code vader_sentiment_lexicon.txt} of {@value
   * #BUNDLED_ARTIFACT} on Maven Central (MIT licence), unpacked by the build. It is an older
   * version of the lexicon than cjhutto/vaderSentiment's (7,516 lines, 7,500 words: without
   * "heart", "hearts" and "flawed", "badass" rated -0.6 rather than 1.4, two Latin-1 emoticons
   * unreadable and skipped) and comes without the emoji descriptions, so emoji are not replaced.
   * {@link Lexicons} uses it when the user names no lexicon.
   *
   * @throws IllegalStateException when the jar lacks it (a build that skipped resources)
   */
  public static Vader bundledCopy() {
    Vader v = bundledCopy;
    if (v == null) {
      try (InputStream in = Vader.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              BUNDLED_RESOURCE + " is not in the jar: rebuild Tessera with ./mvnw package");
        }
        // InputStreamReader replaces bytes that are not UTF-8 instead of failing
        v =
            new Vader(
                VaderFiles.readLexicon(
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    BUNDLED_RESOURCE),
                Map.of());
      } catch (IOException e) {
        throw new IllegalStateException(BUNDLED_RESOURCE + " cannot be read: " + e.getMessage(), e);
      }
      bundledCopy = v;
    }
    return v;
  }

  /** The number of rated words. */
  public int size() {
    return lexicon.size();
  }

  /** Whether the lexicon rates {@code word} (lower case). */
  public boolean rates(String word) {
    return lexicon.containsKey(word);
  }

  /** The lexicon's mean valence of {@code word} (lower case), in [-4, 4]; 0 when unrated. */
  public double valence(String word) {
    return lexicon.getOrDefault(word, 0.0);
  }

  /** The compound score of {@code text} in [-1, 1], rounded to 4 decimals as VADER prints it. */
  public double compound(String text) {
    String t = replaceEmoji(text == null ? "" : text).strip();
    List<String> words = words(t);
    boolean capDiff = capDifferential(words);
    double[] sentiments = new double[words.size()];
    for (int i = 0; i < words.size(); i++) {
      String item = words.get(i);
      String lower = item.toLowerCase(Locale.ROOT);
      if (BOOSTERS.containsKey(lower)) {
        continue;
      }
      if (i < words.size() - 1
          && lower.equals("kind")
          && words.get(i + 1).toLowerCase(Locale.ROOT).equals("of")) {
        continue;
      }
      sentiments[i] = valence(words, i, capDiff);
    }
    butCheck(words, sentiments);
    double sum = 0;
    for (double s : sentiments) {
      sum += s;
    }
    double emphasis = punctuationEmphasis(t);
    if (sum > 0) {
      sum += emphasis;
    } else if (sum < 0) {
      sum -= emphasis;
    }
    double compound = sum / Math.sqrt(sum * sum + ALPHA);
    compound = Math.max(-1, Math.min(1, compound));
    return Math.round(compound * 10_000) / 10_000.0;
  }

  private double valence(List<String> w, int i, boolean capDiff) {
    String item = w.get(i);
    String lower = lw(w, i);
    Double rated = lexicon.get(lower);
    if (rated == null) {
      return 0;
    }
    double valence = rated;
    if (lower.equals("no") && i != w.size() - 1 && lexicon.containsKey(lw(w, i + 1))) {
      valence = 0.0;
    }
    if ((i > 0 && lw(w, i - 1).equals("no"))
        || (i > 1 && lw(w, i - 2).equals("no"))
        || (i > 2
            && lw(w, i - 3).equals("no")
            && (lw(w, i - 1).equals("or") || lw(w, i - 1).equals("nor")))) {
      valence = rated * N_SCALAR;
    }
    if (isUpper(item) && capDiff) {
      valence += valence > 0 ? C_INCR : -C_INCR;
    }
    for (int start = 0; start < 3; start++) {
      if (i > start && !lexicon.containsKey(lw(w, i - (start + 1)))) {
        double s = scalar(w.get(i - (start + 1)), valence, capDiff);
        if (start == 1 && s != 0) {
          s *= 0.95;
        }
        if (start == 2 && s != 0) {
          s *= 0.9;
        }
        valence += s;
        valence = negationCheck(valence, w, start, i);
        if (start == 2) {
          valence = idiomsCheck(valence, w, i);
        }
      }
    }
    return leastCheck(valence, w, i);
  }

  private static double scalar(String word, double valence, boolean capDiff) {
    Double b = BOOSTERS.get(word.toLowerCase(Locale.ROOT));
    if (b == null) {
      return 0;
    }
    double s = valence < 0 ? -b : b;
    if (isUpper(word) && capDiff) {
      s += valence > 0 ? C_INCR : -C_INCR;
    }
    return s;
  }

  private static double negationCheck(double valence, List<String> w, int start, int i) {
    if (start == 0) {
      return negated(lw(w, i - 1)) ? valence * N_SCALAR : valence;
    }
    if (start == 1) {
      if (lw(w, i - 2).equals("never")
          && (lw(w, i - 1).equals("so") || lw(w, i - 1).equals("this"))) {
        return valence * 1.25;
      }
      if (lw(w, i - 2).equals("without") && lw(w, i - 1).equals("doubt")) {
        return valence;
      }
      return negated(lw(w, i - 2)) ? valence * N_SCALAR : valence;
    }
    // the reference's operator precedence, kept: (never and (so or this)) or (so or this)
    if ((lw(w, i - 3).equals("never") && (lw(w, i - 2).equals("so") || lw(w, i - 2).equals("this")))
        || (lw(w, i - 1).equals("so") || lw(w, i - 1).equals("this"))) {
      return valence * 1.25;
    }
    if (lw(w, i - 3).equals("without")
        && (lw(w, i - 2).equals("doubt") || lw(w, i - 1).equals("doubt"))) {
      return valence;
    }
    return negated(lw(w, i - 3)) ? valence * N_SCALAR : valence;
  }

  private static double idiomsCheck(double valence, List<String> w, int i) {
    String oneZero = lw(w, i - 1) + " " + lw(w, i);
    String twoOneZero = lw(w, i - 2) + " " + lw(w, i - 1) + " " + lw(w, i);
    String twoOne = lw(w, i - 2) + " " + lw(w, i - 1);
    String threeTwoOne = lw(w, i - 3) + " " + lw(w, i - 2) + " " + lw(w, i - 1);
    String threeTwo = lw(w, i - 3) + " " + lw(w, i - 2);
    for (String seq : List.of(oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo)) {
      Double v = SPECIAL_CASES.get(seq);
      if (v != null) {
        valence = v;
        break;
      }
    }
    if (w.size() - 1 > i) {
      Double v = SPECIAL_CASES.get(lw(w, i) + " " + lw(w, i + 1));
      if (v != null) {
        valence = v;
      }
    }
    if (w.size() - 1 > i + 1) {
      Double v = SPECIAL_CASES.get(lw(w, i) + " " + lw(w, i + 1) + " " + lw(w, i + 2));
      if (v != null) {
        valence = v;
      }
    }
    for (String n : List.of(threeTwoOne, threeTwo, twoOne)) {
      Double b = BOOSTERS.get(n);
      if (b != null) {
        valence += b;
      }
    }
    return valence;
  }

  private double leastCheck(double valence, List<String> w, int i) {
    if (i > 1 && !lexicon.containsKey(lw(w, i - 1)) && lw(w, i - 1).equals("least")) {
      if (!lw(w, i - 2).equals("at") && !lw(w, i - 2).equals("very")) {
        return valence * N_SCALAR;
      }
    } else if (i > 0 && !lexicon.containsKey(lw(w, i - 1)) && lw(w, i - 1).equals("least")) {
      return valence * N_SCALAR;
    }
    return valence;
  }

  private static void butCheck(List<String> w, double[] sentiments) {
    int but = -1;
    for (int i = 0; i < w.size(); i++) {
      if (lw(w, i).equals("but")) {
        but = i;
        break;
      }
    }
    if (but < 0) {
      return;
    }
    for (int i = 0; i < sentiments.length; i++) {
      if (i < but) {
        sentiments[i] *= 0.5;
      } else if (i > but) {
        sentiments[i] *= 1.5;
      }
    }
  }

  private static double punctuationEmphasis(String text) {
    int bangs = 0;
    int questions = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!') {
        bangs++;
      } else if (c == '?') {
        questions++;
      }
    }
    double e = Math.min(bangs, 4) * 0.292;
    if (questions > 1) {
      e += questions <= 3 ? questions * 0.18 : 0.96;
    }
    return e;
  }

  private static boolean negated(String lowerWord) {
    return NEGATE.contains(lowerWord) || lowerWord.contains("n't");
  }

  private static String lw(List<String> w, int i) {
    return w.get(i).toLowerCase(Locale.ROOT);
  }

  /** Python's str.isupper(): at least one cased character and no lower-case one. */
  static boolean isUpper(String s) {
    boolean cased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      if (Character.isUpperCase(c)) {
        cased = true;
      }
    }
    return cased;
  }

  private static boolean capDifferential(List<String> words) {
    int caps = 0;
    for (String w : words) {
      if (isUpper(w)) {
        caps++;
      }
    }
    int diff = words.size() - caps;
    return diff > 0 && diff < words.size();
  }

  /**
   * Whitespace-separated words, punctuation stripped from a word's ends unless 2 or fewer remain.
   */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String token : text.split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      int a = 0;
      int b = token.length();
      while (a < b && PUNCTUATION.indexOf(token.charAt(a)) >= 0) {
        a++;
      }
      while (b > a && PUNCTUATION.indexOf(token.charAt(b - 1)) >= 0) {
        b--;
      }
      out.add(b - a <= 2 ? token : token.substring(a, b));
    }
    return out;
  }

  private String replaceEmoji(String text) {
    StringBuilder out = null;
    boolean prevSpace = true;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String description = cp >= 0x80 ? emoji.get(cp) : null;
      if (description != null) {
        if (out == null) {
          out = new StringBuilder(text.substring(0, i));
        }
        if (!prevSpace) {
          out.append(' ');
        }
        out.append(description);
        prevSpace = false;
      } else {
        if (out != null) {
          out.appendCodePoint(cp);
        }
        prevSpace = cp == ' ';
      }
      i += Character.charCount(cp);
    }
    return out == null ? text : out.toString();
  }

  private static Map<String, Double> boosters() {
    Map<String, Double> m = new HashMap<>();
    for (String w : incrementWords()) {
      m.put(w, B_INCR);
    }
    for (String w : decrementWords()) {
      m.put(w, B_DECR);
    }
    return Map.copyOf(m);
  }

  /** The words that boost the intensity of the word after them (VADER's B_INCR list). */
  private static List<String> incrementWords() {
    return List.of(
        "absolutely",
        "amazingly",
        "awfully",
        "completely",
        "considerable",
        "considerably",
        "decidedly",
        "deeply",
        "effing",
        "enormous",
        "enormously",
        "entirely",
        "especially",
        "exceptional",
        "exceptionally",
        "extreme",
        "extremely",
        "fabulously",
        "flipping",
        "flippin",
        "frackin",
        "fracking",
        "fricking",
        "frickin",
        "frigging",
        "friggin",
        "fully",
        "fuckin",
        "fucking",
        "fuggin",
        "fugging",
        "greatly",
        "hella",
        "highly",
        "hugely",
        "incredible",
        "incredibly",
        "intensely",
        "major",
        "majorly",
        "more",
        "most",
        "particularly",
        "purely",
        "quite",
        "really",
        "remarkably",
        "so",
        "substantially",
        "thoroughly",
        "total",
        "totally",
        "tremendous",
        "tremendously",
        "uber",
        "unbelievably",
        "unusually",
        "utter",
        "utterly",
        "very");
  }

  /** The words that dampen the intensity of the word after them (VADER's B_DECR list). */
  private static List<String> decrementWords() {
    return List.of(
        "almost",
        "barely",
        "hardly",
        "just enough",
        "kind of",
        "kinda",
        "kindof",
        "kind-of",
        "less",
        "little",
        "marginal",
        "marginally",
        "occasional",
        "occasionally",
        "partly",
        "scarce",
        "scarcely",
        "slight",
        "slightly",
        "somewhat",
        "sort of",
        "sorta",
        "sortof",
        "sort-of");
  }
}
