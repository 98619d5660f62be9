package io.tessera.cli;

import io.tessera.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tessera} command. */
@Command(
    name = "tessera",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Tessera: turns raw customer data into explainable segments and predictions.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      RunCommand.class,
      BenchCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code of a problem the user can fix (bad flag, config or input). */
  public static final int USAGE = 2;

  /** Exit code of an unexpected failure. */
  public static final int FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Builds the command tree; tests call this to run exactly what users run. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * No stack trace reaches a user. A {@link ConfigException} (config, input or flag problem) is one
   * line and exit code 2 (picocli answers bad flags the same way); any other exception is a bug:
   * its stack trace goes to a log file, and the user gets one line with the log's path and exit
   * code 1.
   */
  static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException) {
      err.println("tessera: " + e.getMessage());
      err.flush();
      return USAGE;
    }
    String where = "";
    try {
      Path log = Files.createTempFile("tessera-error-", ".log");
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      Files.writeString(log, trace.toString());
      where = " (details in " + log + ")";
    } catch (IOException ignored) {
      // the message below is still shown
    }
    err.println("tessera: failed: " + e.getMessage() + where);
    err.flush();
    return FAILURE;
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Reads the version from the jar manifest, falling back to "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tessera " + version()};
    }
  }
}
