package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera serve} as its own process, killed hard (SIGKILL) and started again on the same
 * store: a batch run that was running is shown as interrupted with a message, a finished run is
 * still listed with its outputs, and the customers' scores it loaded are still served.
 */
class ServeRestartRunTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A running {@code tessera serve} and its port. */
  private record Serve(Process process, int port) {}

  private Serve serve(Path store) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--store",
            store.toString(),
            "--port",
            "0");
    pb.environment().put("TESSERA_ADMIN_KEY", ADMIN);
    pb.environment().put("TESSERA_WRITE_KEY", WRITE);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (log) {
                    log.append(line).append('\n');
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
              port.completeExceptionally(new AssertionError("tessera serve ended: " + log));
            });
    return new Serve(p, port.get(90, TimeUnit.SECONDS));
  }

  private static void kill(Serve s) throws InterruptedException {
    s.process().destroyForcibly();
    s.process().waitFor();
  }

  private JsonNode call(int port, String method, String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + ADMIN)
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(method + " " + path + ": " + res.body()).isLessThan(300);
    return JSON.readTree(res.body());
  }

  private JsonNode awaitEnd(int port, String id) throws Exception {
    JsonNode run = call(port, "GET", "/api/v1/runs/" + id);
    long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (run.get("status").asText().equals("running") && System.nanoTime() < end) {
      Thread.sleep(250);
      run = call(port, "GET", "/api/v1/runs/" + id);
    }
    return run;
  }

  @Test
  void runsAndScoresShouldSurviveAHardKillAndARunningRunShouldShowAsInterrupted() throws Exception {
    Path data = dir.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(400, 365, 11L, 0.0, null), data);
    Path store = dir.resolve("live.duckdb");
    assertThat(
            RunCommand.execute(
                io.tessera.store.TesseraConfig.forDataDir(data),
                dir.resolve("seed-run"),
                store,
                Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
                new PrintWriter(new StringWriter()),
                false,
                List.of("tessera", "run"),
                Map.of(),
                io.tessera.report.Lang.EN))
        .isZero();

    // a run killed with its server
    Serve first = serve(store);
    String interrupted;
    try {
      JsonNode started = call(first.port(), "POST", "/api/v1/runs").get("batch_run");
      interrupted = started.get("id").asText();
      assertThat(call(first.port(), "GET", "/api/v1/runs/" + interrupted).get("status").asText())
          .isEqualTo("running");
    } finally {
      kill(first);
    }

    Serve second = serve(store);
    String done;
    JsonNode scoresBefore;
    String customer;
    try {
      JsonNode run = call(second.port(), "GET", "/api/v1/runs/" + interrupted);
      assertThat(run.get("status").asText()).isEqualTo("interrupted");
      assertThat(run.get("message").asText()).contains("server stopped", "POST /api/v1/runs");
      assertThat(run.get("finished_at").isNull()).isFalse();
      // a new run can start, and ends
      done = call(second.port(), "POST", "/api/v1/runs").at("/batch_run/id").asText();
      JsonNode ended = awaitEnd(second.port(), done);
      assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("done");
      assertThat(ended.get("message").asText()).contains("scores of");
      customer =
          CsvFiles.rows(Path.of(ended.get("out").asText()).resolve("customers.csv")).stream()
              .filter(f -> !f[10].isEmpty())
              .findFirst()
              .orElseThrow()[0];
      scoresBefore = call(second.port(), "GET", "/api/v1/customers/" + customer).get("scores");
      assertThat(scoresBefore.get("run_id").asText()).isEqualTo(done);
      assertThat(scoresBefore.get("scored").asBoolean()).isTrue();
    } finally {
      kill(second);
    }

    Serve third = serve(store);
    try {
      JsonNode runs = call(third.port(), "GET", "/api/v1/runs").get("runs");
      assertThat(runs).hasSize(2);
      assertThat(runs.get(0).get("id").asText()).isEqualTo(done);
      assertThat(runs.get(0).get("status").asText()).isEqualTo("done");
      assertThat(runs.get(0).get("files").toString()).contains("customers.csv", "report.html");
      assertThat(runs.get(0).get("started_by").asText()).isEqualTo("admin001");
      assertThat(runs.get(1).get("id").asText()).isEqualTo(interrupted);
      assertThat(runs.get(1).get("status").asText()).isEqualTo("interrupted");
      assertThat(call(third.port(), "GET", "/api/v1/customers/" + customer).get("scores"))
          .isEqualTo(scoresBefore);
    } finally {
      kill(third);
    }
  }
}
