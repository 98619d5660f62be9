package io.tessera.text;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads labelled texts for the sentiment classifier ({@code text.labelled}): a UTF-8 file of
 * tab-separated lines, read without quote processing (review texts hold stray quotes). Either a
 * header naming a text column ({@code text}, {@code document} or {@code sentence}) and a {@code
 * label} column (NSMC's layout), or no header and {@code text<TAB>label} per line, split at the
 * last tab (the UCI labelled sentences' layout). Labels are 1 / 0, or positive / negative.
 */
public final class LabelledTexts {
  private LabelledTexts() {}

  /**
   * The labelled texts of {@code file}.
   *
   * @throws IllegalArgumentException naming the file and line of the first bad row
   */
  public static List<SentimentClassifier.Labelled> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "text.labelled: cannot read " + file + " (" + e.getMessage() + ")");
    }
    List<SentimentClassifier.Labelled> out = new ArrayList<>();
    int textCol = -1;
    int labelCol = -1;
    int first = 0;
    if (!lines.isEmpty()) {
      String[] head = lines.get(0).split("\t", -1);
      for (int i = 0; i < head.length; i++) {
        String h = head[i].strip().toLowerCase(Locale.ROOT);
        if (h.equals("text") || h.equals("document") || h.equals("sentence")) {
          textCol = i;
        } else if (h.equals("label")) {
          labelCol = i;
        }
      }
      if (textCol >= 0 && labelCol >= 0) {
        first = 1;
      } else {
        textCol = -1;
      }
    }
    for (int i = first; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String text;
      String label;
      if (textCol >= 0) {
        String[] f = line.split("\t", -1);
        if (f.length <= Math.max(textCol, labelCol)) {
          throw bad(file, i, "has " + f.length + " tab-separated fields, the header more");
        }
        text = f[textCol];
        label = f[labelCol];
      } else {
        int tab = line.lastIndexOf('\t');
        if (tab < 0) {
          throw bad(file, i, "has no tab; write text<TAB>label, or a header with text and label");
        }
        text = line.substring(0, tab);
        label = line.substring(tab + 1);
      }
      out.add(new SentimentClassifier.Labelled(text.strip(), label(file, i, label)));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("text.labelled: " + file + " holds no labelled text");
    }
    return out;
  }

  private static int label(Path file, int line, String raw) {
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "1", "positive", "pos" -> 1;
      case "0", "negative", "neg" -> 0;
      default -> throw bad(file, line, "label '" + raw + "' is not 1/0 or positive/negative");
    };
  }

  private static IllegalArgumentException bad(Path file, int line, String what) {
    return new IllegalArgumentException(file + " line " + (line + 1) + ": " + what);
  }
}
