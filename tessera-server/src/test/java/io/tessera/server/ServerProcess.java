package io.tessera.server;

import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a server in its own JVM for the restart test: args = store file, port file. */
public final class ServerProcess {
  private ServerProcess() {}

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
