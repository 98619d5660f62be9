package io.tessera.segment.cluster;

import java.util.List;

/** The generated-shop CSV parser of {@link GeneratedPopulation}, for tests of other packages. */
public final class CsvForTests {
  private CsvForTests() {}

  /** RFC 4180 rows of a whole file's text. */
  public static List<String[]> parse(String text) {
    return GeneratedPopulation.parse(text);
  }
}
