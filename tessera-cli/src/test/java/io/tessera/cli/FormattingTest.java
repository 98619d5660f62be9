package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The formatter check: every Java file of every module is google-java-format clean.
 *
 * <p>Why a test and not Spotless: google-java-format parses with the javac of the JVM it runs in.
 * Maven may run on the machine's default JDK 17, which cannot parse Java 21+ syntax (record
 * patterns), while tests run on the JDK 25 toolchain. To reformat everything instead of checking,
 * run {@code ./mvnw -q -pl tessera-cli -am test -Dtest=FormattingTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtessera.format=fix}.
 */
class FormattingTest {

  @Test
  void everyJavaFileShouldBeGoogleJavaFormatted() throws IOException {
    boolean fix = "fix".equals(System.getProperty("tessera.format"));
    Formatter formatter = new Formatter();
    List<String> unformatted = new ArrayList<>();
    Path root = SharedData.repoRoot();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/"))
              .filter(p -> !p.toString().contains("/target/"))
              .filter(p -> !root.relativize(p).startsWith(".git"))
              .toList()) {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String formatted = format(formatter, file, source);
        if (!formatted.equals(source)) {
          if (fix) {
            Files.writeString(file, formatted, StandardCharsets.UTF_8);
          } else {
            unformatted.add(root.relativize(file).toString());
          }
        }
      }
    }
    assertThat(unformatted)
        .as(
            "files not in google-java-format style; fix with -Dtessera.format=fix (see this test's"
                + " javadoc)")
        .isEmpty();
  }

  private static String format(Formatter formatter, Path file, String source) {
    try {
      return formatter.formatSourceAndFixImports(source);
    } catch (FormatterException e) {
      throw new UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
    }
  }
}
