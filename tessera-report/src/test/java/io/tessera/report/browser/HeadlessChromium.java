package io.tessera.report.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol, for tests of pages Tessera
 * writes or serves (the report, later the dashboard).
 *
 * <p>Why CDP and not Selenium: the protocol is a WebSocket with JSON messages, which the JDK's
 * {@link java.net.http.WebSocket} speaks, so this needs no dependency (no convergence pins, no
 * chromedriver version matching) and sees what Selenium's classic API does not: uncaught
 * exceptions, every console message, every network request.
 *
 * <p>The browser is found at the path in the {@code tessera.chromium} system property or the {@code
 * CHROMIUM} environment variable, else {@code /usr/bin/chromium}; when none exists, {@link
 * #startOrSkip()} skips the test with a message (scripts/install-system-deps installs it).
 *
 * <pre>{@code
 * try (HeadlessChromium chrome = HeadlessChromium.startOrSkip();
 *     HeadlessChromium.Page page = chrome.open(file.toUri())) {
 *   page.waitUntil("document.documentElement.hasAttribute('data-charts-drawn')");
 *   assertThat(page.consoleErrors()).isEmpty();
 * }
 * }</pre>
 *
 * <p>References: Chrome DevTools Protocol, https://chromedevtools.github.io/devtools-protocol/
 * (domains Target, Page, Runtime, Log, Network, Emulation).
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final Connection connection;

  private HeadlessChromium(Process process, Path profile, Connection connection) {
    this.process = process;
    this.profile = profile;
    this.connection = connection;
  }

  /** Where the browser is expected, whether or not it exists. */
  public static Path executable() {
    String configured = System.getProperty("tessera.chromium", System.getenv("CHROMIUM"));
    return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
  }

  /**
   * Starts a headless browser with a fresh profile, or skips the calling test (a JUnit assumption)
   * when the browser is not installed.
   */
  public static HeadlessChromium startOrSkip() throws IOException, InterruptedException {
    Path exe = executable();
    if (!Files.isExecutable(exe)) {
      String message =
          "headless-browser test skipped: no Chromium at "
              + exe
              + " (install it with scripts/install-system-deps, or point -Dtessera.chromium or"
              + " CHROMIUM at a Chrome/Chromium binary)";
      // also on stderr: Surefire drops the reason (and counts no test) when a class-level
      // @BeforeAll skips, so without this line the build log would not say why
      System.err.println(message);
      Assumptions.abort(message);
    }
    Path profile = Files.createTempDirectory("tessera-chromium-");
    Path log = profile.resolve("chromium.log");
    Process process =
        new ProcessBuilder(
                exe.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      // with port 0 the browser picks a free port and writes it (and the browser target's path)
      // into DevToolsActivePort in the profile folder
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      List<String> lines = List.of();
      while (lines.size() < 2) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Chromium exited with " + process.exitValue() + " on start: " + tail(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Chromium did not open its DevTools port within " + START_TIMEOUT + ": " + tail(log));
        }
        Thread.sleep(50);
        if (Files.exists(portFile)) {
          lines = Files.readAllLines(portFile).stream().filter(l -> !l.isBlank()).toList();
        }
      }
      URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
      return new HeadlessChromium(process, profile, Connection.open(ws));
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.destroyForcibly();
      deleteTree(profile);
      throw e;
    }
  }

  /** Opens a new tab, starts recording its console, errors and requests, and loads the URL. */
  public Page open(URI url) {
    JsonNode target = connection.send(null, "Target.createTarget", params("url", "about:blank"));
    String targetId = target.get("targetId").asText();
    ObjectNode attach = params("targetId", targetId);
    attach.put("flatten", true);
    String session =
        connection.send(null, "Target.attachToTarget", attach).get("sessionId").asText();
    Page page = new Page(targetId, session);
    page.navigate(url);
    return page;
  }

  /** The browser's version string, e.g. {@code Chrome/156.0.8078.79}. */
  public String version() {
    return connection
        .send(null, "Browser.getVersion", JSON.createObjectNode())
        .get("product")
        .asText();
  }

  @Override
  public void close() {
    try {
      connection.send(null, "Browser.close", JSON.createObjectNode());
    } catch (RuntimeException e) {
      // the browser may already be gone; it is destroyed below either way
    }
    connection.close();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(profile);
  }

  /** One tab, with everything it logged since it was opened. */
  public final class Page implements AutoCloseable {
    private final String targetId;
    private final String session;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private Page(String targetId, String session) {
      this.targetId = targetId;
      this.session = session;
      connection.listen(session, this::onEvent);
      for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
        connection.send(session, domain + ".enable", JSON.createObjectNode());
      }
    }

    private void onEvent(JsonNode event) {
      String method = event.path("method").asText();
      JsonNode p = event.path("params");
      switch (method) {
        case "Page.loadEventFired" -> loaded.complete(null);
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          if (type.equals("error") || type.equals("assert")) {
            List<String> args = new ArrayList<>();
            p.path("args")
                .forEach(
                    a ->
                        args.add(
                            a.has("value")
                                ? a.get("value").asText()
                                : a.path("description").asText()));
            consoleErrors.add("console." + type + ": " + String.join(" ", args));
          }
        }
        case "Log.entryAdded" -> {
          JsonNode e = p.path("entry");
          if (e.path("level").asText().equals("error")) {
            consoleErrors.add(
                e.path("source").asText()
                    + ": "
                    + e.path("text").asText()
                    + " "
                    + e.path("url").asText());
          }
        }
        case "Runtime.exceptionThrown" -> {
          JsonNode d = p.path("exceptionDetails");
          exceptions.add(
              d.path("exception").path("description").asText(d.path("text").asText())
                  + " at line "
                  + d.path("lineNumber").asInt()
                  + ":"
                  + d.path("columnNumber").asInt());
        }
        case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
        case "Page.javascriptDialogOpening" -> {
          dialogs.add(p.path("type").asText() + ": " + p.path("message").asText());
          ObjectNode accept = JSON.createObjectNode();
          accept.put("accept", true);
          connection.sendAsync(session, "Page.handleJavaScriptDialog", accept);
        }
        default -> {}
      }
    }

    /** Loads a URL and waits for its load event. */
    public void navigate(URI url) {
      loaded = new CompletableFuture<>();
      JsonNode result = connection.send(session, "Page.navigate", params("url", url.toString()));
      if (result.hasNonNull("errorText")) {
        throw new IllegalStateException(
            "cannot load " + url + ": " + result.get("errorText").asText());
      }
      try {
        loaded.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            url + " did not finish loading within " + COMMAND_TIMEOUT, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * The value of a JavaScript expression (awaited if it is a promise), as JSON.
     *
     * @throws IllegalStateException with the script error when the expression throws
     */
    public JsonNode evaluate(String expression) {
      ObjectNode p = params("expression", expression);
      p.put("returnByValue", true);
      p.put("awaitPromise", true);
      JsonNode r = connection.send(session, "Runtime.evaluate", p);
      if (r.has("exceptionDetails")) {
        JsonNode d = r.get("exceptionDetails");
        throw new IllegalStateException(
            "script failed: "
                + d.path("exception").path("description").asText(d.path("text").asText())
                + " in: "
                + expression);
      }
      return r.path("result").path("value");
    }

    /** Waits until a JavaScript expression is truthy. */
    public void waitUntil(String expression) {
      long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
      while (!evaluate("!!(" + expression + ")").asBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "waited " + COMMAND_TIMEOUT + " for: " + expression + "; exceptions: " + exceptions);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }

    /** The page's visible text. */
    public String text() {
      return evaluate("document.body.innerText").asText();
    }

    /** console.error / console.assert messages and error log entries (failed loads, CSP). */
    public List<String> consoleErrors() {
      return List.copyOf(consoleErrors);
    }

    /** Uncaught exceptions, with their line. */
    public List<String> uncaughtExceptions() {
      return List.copyOf(exceptions);
    }

    /** Every URL the page requested, the page itself included. */
    public List<String> requestedUrls() {
      return List.copyOf(requests);
    }

    /** Alert, confirm and prompt dialogs the page opened (each is accepted). */
    public List<String> dialogs() {
      return List.copyOf(dialogs);
    }

    /**
     * A PNG of the whole page at the given CSS width (the viewport is made as tall as the page, so
     * that charts lay out as a reader scrolling it sees them).
     */
    public Path screenshot(Path png, int width) throws IOException {
      metrics(width, 900);
      int height = evaluate("Math.ceil(document.documentElement.scrollHeight)").asInt();
      metrics(width, Math.min(height, 16_000));
      // the resize event has reached the page's listeners once a frame has been rendered
      evaluate(
          "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
      ObjectNode p = params("format", "png");
      JsonNode shot = connection.send(session, "Page.captureScreenshot", p);
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
      return png;
    }

    private void metrics(int width, int height) {
      ObjectNode m = JSON.createObjectNode();
      m.put("width", width);
      m.put("height", height);
      m.put("deviceScaleFactor", 1);
      m.put("mobile", false);
      connection.send(session, "Emulation.setDeviceMetricsOverride", m);
    }

    @Override
    public void close() {
      connection.unlisten(session);
      try {
        connection.send(null, "Target.closeTarget", params("targetId", targetId));
      } catch (RuntimeException e) {
        // closing a tab of a browser that is going away anyway
      }
    }
  }

  private static ObjectNode params(String key, String value) {
    ObjectNode p = JSON.createObjectNode();
    p.put(key, value);
    return p;
  }

  private static String tail(Path log) {
    try {
      String s = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      return s.length() > 2_000 ? s.substring(s.length() - 2_000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The WebSocket to the browser: commands with ids, answers matched by id, events by session. */
  private static final class Connection implements WebSocket.Listener {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    static Connection open(URI ws) {
      Connection c = new Connection();
      c.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(START_TIMEOUT)
              .buildAsync(ws, c)
              .orTimeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .join();
      return c;
    }

    void listen(String session, Consumer<JsonNode> listener) {
      listeners.put(session, listener);
    }

    void unlisten(String session) {
      listeners.remove(session);
    }

    CompletableFuture<JsonNode> sendAsync(String session, String method, ObjectNode params) {
      int id = ids.incrementAndGet();
      ObjectNode msg = JSON.createObjectNode();
      msg.put("id", id);
      msg.put("method", method);
      msg.set("params", params);
      if (session != null) {
        msg.put("sessionId", session);
      }
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      synchronized (this) {
        // a WebSocket allows one outstanding send at a time
        socket.sendText(msg.toString(), true).join();
      }
      return answer;
    }

    JsonNode send(String session, String method, ObjectNode params) {
      try {
        return sendAsync(session, method, params)
            .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException(method + " got no answer within " + COMMAND_TIMEOUT, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(method + ": " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      ws.request(1);
      return null;
    }

    private void dispatch(String text) {
      JsonNode msg;
      try {
        msg = JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (msg.has("id")) {
        CompletableFuture<JsonNode> answer = pending.remove(msg.get("id").asInt());
        if (answer != null) {
          if (msg.has("error")) {
            answer.completeExceptionally(
                new IllegalStateException("DevTools error: " + msg.get("error")));
          } else {
            answer.complete(msg.path("result"));
          }
        }
      } else {
        Consumer<JsonNode> listener = listeners.get(msg.path("sessionId").asText());
        if (listener != null) {
          listener.accept(msg);
        }
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      pending
          .values()
          .forEach(f -> f.completeExceptionally(new IllegalStateException("closed: " + reason)));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    void close() {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        socket.abort();
      } catch (InterruptedException e) {
        socket.abort();
        Thread.currentThread().interrupt();
      }
    }
  }
}
