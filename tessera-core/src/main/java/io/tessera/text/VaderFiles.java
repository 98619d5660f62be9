package io.tessera.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads VADER's two files: the lexicon ({@code word<TAB>mean rating<TAB>...}; a later line of the
 * same word wins, as in the reference {@code make_lex_dict}) and the emoji descriptions ({@code
 * emoji<TAB>description}, single characters only, as the reference replaces them).
 */
final class VaderFiles {
  private VaderFiles() {}

  static Map<String, Double> readLexicon(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readLexicon(r, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  static Map<String, Double> readLexicon(BufferedReader r, String name) throws IOException {
    Map<String, Double> m = new HashMap<>();
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      String[] f = line.split("\t");
      // a token the decoder could not read (the bundled copy's Latin-1 emoticons) is skipped
      if (f.length >= 2 && f[0].indexOf('\uFFFD') < 0) {
        try {
          m.put(f[0], Double.parseDouble(f[1]));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              name + " line " + n + ": expected 'word<TAB>mean rating', got: " + line, e);
        }
      }
    }
    return Map.copyOf(m);
  }

  static Map<Integer, String> readEmoji(Path file) {
    Map<Integer, String> m = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        int tab = line.indexOf('\t');
        // the reference replaces single characters only
        if (tab > 0 && line.codePointCount(0, tab) == 1) {
          m.put(line.codePointAt(0), line.substring(tab + 1));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
    }
    return Map.copyOf(m);
  }
}
