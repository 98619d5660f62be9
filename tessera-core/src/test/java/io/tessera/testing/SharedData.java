package io.tessera.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the public validation data sets in {@code ../shared/datasets} beside the repository. The
 * data is never copied into the repository; a test that needs it is skipped, with a message that
 * says what is missing, when the folder is absent.
 */
public final class SharedData {
  private SharedData() {}

  /** The repository root: the folder holding {@code mvnw}. */
  public static Path repoRoot() {
    String configured = System.getProperty("tessera.repo.root");
    if (configured != null && Files.isRegularFile(Path.of(configured, "mvnw"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find the repository root (no mvnw above " + Path.of("").toAbsolutePath() + ")");
    }
    return dir;
  }

  /**
   * The path of {@code ../shared/datasets/<relative>}, or skips the calling test when it is absent.
   */
  public static Path require(String relative) {
    Path path = repoRoot().resolveSibling("shared").resolve("datasets").resolve(relative);
    assumeTrue(
        Files.exists(path),
        () ->
            "skipped: "
                + path
                + " is absent; this test reads the public data set kept in ../shared/datasets"
                + " beside the repository (never committed into it)");
    return path;
  }
}
