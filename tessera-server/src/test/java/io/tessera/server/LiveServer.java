package io.tessera.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a random port over a real DuckDB file in a fresh folder, with the admin and
 * write keys: started before each test and closed (its folder deleted) after it. Register it with
 * {@code @RegisterExtension final LiveServer live = new LiveServer();}.
 */
final class LiveServer implements BeforeEachCallback, AfterEachCallback {
  private Path dir;
  private TesseraServer server;
  private Client client;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("tessera-live");
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(LiveServer::delete);
    }
  }

  /** Closes the server and starts it again over the same store, as a restart does. */
  void restart() {
    server.close();
    start();
  }

  TesseraServer server() {
    return server;
  }

  Client client() {
    return client;
  }

  private void start() {
    server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE));
    client = new Client(server.port());
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
