package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Only a configuration, input or flag problem exits with 2 and one line; any other exception is a
 * bug: exit 1, one line with the path of a log file that holds its stack trace, and no trace on the
 * terminal.
 */
class ExitCodeTest {

  private static CommandLine withErr(StringWriter err) {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    return cl;
  }

  @Test
  void aConfigProblemShouldExitWithTwoAndOneLine() {
    StringWriter err = new StringWriter();
    int code =
        Main.handle(
            new ConfigException(
                "churn.horizon_days", "churn.horizon_days must be a whole number", null),
            withErr(err),
            null);
    assertThat(code).isEqualTo(Main.USAGE).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("tessera: churn.horizon_days must be a whole number\n");
  }

  @Test
  void anyOtherExceptionShouldBeABugWithItsTraceInTheLog() throws Exception {
    for (Exception bug :
        new Exception[] {
          new IllegalArgumentException("index 3 out of bounds"),
          new IllegalStateException("store query failed")
        }) {
      StringWriter err = new StringWriter();
      int code = Main.handle(bug, withErr(err), null);
      assertThat(code).isEqualTo(Main.FAILURE).isEqualTo(1);
      String line = err.toString();
      assertThat(line.strip()).doesNotContain("\n").doesNotContain("\tat ");
      assertThat(line).startsWith("tessera: failed: " + bug.getMessage());
      Matcher m = Pattern.compile("details in (\\S+)\\)").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      Path log = Path.of(m.group(1));
      String trace = Files.readString(log);
      assertThat(trace)
          .contains(bug.getClass().getName() + ": " + bug.getMessage())
          .contains("at io.tessera.cli.ExitCodeTest");
      Files.delete(log);
    }
  }
}
