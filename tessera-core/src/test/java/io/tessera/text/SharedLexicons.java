package io.tessera.text;

import io.tessera.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sentiment lexicons for tests, read from {@code ../shared/datasets} beside the repository
 * (they are never committed): a test that needs one is skipped, with a message naming the folder,
 * when it is absent.
 */
public final class SharedLexicons {
  private static volatile Vader vader;

  private SharedLexicons() {}

  /** VADER from {@code ../shared/datasets/sentiment-lexicon-en}, or skips the calling test. */
  public static Vader vader() {
    Vader v = vader;
    if (v == null) {
      v = Vader.read(SharedData.require("sentiment-lexicon-en/vader_lexicon.txt"));
      vader = v;
    }
    return v;
  }

  /**
   * KnuSentiLex from {@code ../shared/datasets/sentiment-lexicon-ko}, or skips the calling test.
   */
  public static KnuLexicon knu() {
    return KnuLexicon.read(SharedData.require("sentiment-lexicon-ko/SentiWord_Dict.txt"));
  }

  /** The folder of VADER's lexicon in {@code ../shared}, or skips the calling test. */
  public static Path vaderFolder() {
    Path file = SharedData.require("sentiment-lexicon-en/vader_lexicon.txt");
    return Files.isRegularFile(file) ? file.getParent() : file;
  }
}
