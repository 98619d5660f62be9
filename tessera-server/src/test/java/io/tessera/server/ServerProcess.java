package io.tessera.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a server in its own JVM for the tests that kill one (args = store file, port file), and
 * starts such a JVM for them.
 */
public final class ServerProcess {
  private ServerProcess() {}

  /**
   * Starts a server process on {@code store}, which writes its port to {@code portFile} once it
   * listens; its output is appended to {@code server.log} beside the store.
   */
  static Process launch(Path store, Path portFile, String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx512m");
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ServerProcess.class.getName(),
            store.toString(),
            portFile.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(
        ProcessBuilder.Redirect.appendTo(store.resolveSibling("server.log").toFile()));
    return pb.start();
  }

  /** The port a launched server listens on, once it does (a minute at most). */
  static int awaitPort(Process p, Path portFile) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(portFile)) {
      if (!p.isAlive() || System.nanoTime() > end) {
        throw new AssertionError(
            "the server process did not start: "
                + Files.readString(portFile.resolveSibling("server.log")));
      }
      Thread.sleep(50);
    }
    return Integer.parseInt(Files.readString(portFile).strip());
  }

  public static void main(String[] args) throws Exception {
    TesseraServer s =
        TesseraServer.start(
            TesseraServer.Options.defaults(Path.of(args[0]))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE)
                // the restart test's webhook targets a local port: allowed by name
                .withWebhooks(
                    io.tessera.server.hook.Deliverer.Options.defaults()
                        .withAllowHosts(java.util.List.of("127.0.0.1"))));
    Path tmp = Path.of(args[1] + ".tmp");
    Files.writeString(tmp, Integer.toString(s.port()));
    Files.move(tmp, Path.of(args[1]));
    Thread.sleep(Long.MAX_VALUE);
  }
}
