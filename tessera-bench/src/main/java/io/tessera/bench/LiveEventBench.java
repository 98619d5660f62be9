package io.tessera.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.contract.CustomerId;
import io.tessera.ingest.FieldParser;
import io.tessera.server.bench.LoadBench;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.Json;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.message.Records;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.WebhookTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live event handling without HTTP, per event, in requests of {@value #REQUEST} track events like
 * {@code LoadBench}'s (100,000 customers drawn uniformly, e-commerce names, one rule segment):
 *
 * <ul>
 *   <li>{@code parse}: a {@code /v1/batch} body read and validated as the collect endpoint does
 *       (JSON tree, {@link SegmentMessage#read}, the customer id, {@link Records#convert}), on the
 *       request thread in the server.
 *   <li>{@code ingest}: the request handed to {@link LiveEngine#ingest} and waited for: the group
 *       writer folds the events into the profiles, re-evaluates the customers' memberships and
 *       commits the rows to a DuckDB store file (one request per group commit here, so the commit's
 *       fixed cost is spread over {@value #REQUEST} events; under load a group holds several). Each
 *       invocation sends new message ids (copies of parsed messages), else they would be
 *       duplicates.
 * </ul>
 *
 * <p>The server's whole cost per event is about the sum plus HTTP and the JIT/GC share ({@code
 * scripts/bench-serve} prints the server's CPU per event).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LiveEventBench {
  static final int REQUEST = 500;

  private Path dir;
  private Store store;
  private LiveEngine engine;
  private byte[][] bodies;
  private List<List<SegmentMessage>> parsed;
  private long sent;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("tessera-live-bench");
    store = Store.open(dir.resolve("live.duckdb"));
    LiveSchema.create(store);
    Clock clock = Clock.systemUTC();
    engine =
        new LiveEngine(
                store,
                LiveEngine.Options.defaults(),
                clock,
                new Webhooks(new WebhookTables(new Db(store)), clock))
            .start();
    engine
        .putRule(
            "bench_cart", "Bench carts", "count(add_to_cart, 7d) >= 2 and count(purchase, 7d) == 0")
        .get();
    Random random = new Random(17);
    String now = Instant.now().toString();
    bodies = new byte[64][];
    parsed = new ArrayList<>();
    for (int b = 0; b < bodies.length; b++) {
      bodies[b] = LoadBench.batchBody(b * REQUEST, (b + 1) * REQUEST, "m", random, now);
      parsed.add(validate(bodies[b]));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    engine.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A batch body read and checked as {@code CollectRoutes} does before queueing it. */
  static List<SegmentMessage> validate(byte[] body) throws IOException {
    JsonNode batch = Json.MAPPER.readTree(body).get("batch");
    FieldParser time = new FieldParser(ZoneOffset.UTC, Instant.now());
    List<SegmentMessage> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      String where = "batch[" + i + "]";
      SegmentMessage m = SegmentMessage.read(batch.get(i), null, where, time);
      CustomerId c = CustomerId.of(m.userId());
      Records.convert(m, c, "USD", where);
      out.add(m);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(REQUEST)
  public List<SegmentMessage> parse() throws IOException {
    return validate(bodies[(int) (sent++ % bodies.length)]);
  }

  @Benchmark
  @OperationsPerInvocation(REQUEST)
  public LiveEngine.IngestResult ingest() {
    List<SegmentMessage> template = parsed.get((int) (sent % parsed.size()));
    List<SegmentMessage> request = new ArrayList<>(REQUEST);
    String prefix = "r" + sent++ + "-";
    for (SegmentMessage m : template) {
      request.add(
          new SegmentMessage(
              m.type(),
              prefix + m.messageId(),
              m.userId(),
              m.anonymousId(),
              m.previousId(),
              m.event(),
              m.timestamp(),
              m.properties(),
              m.traits(),
              m.context()));
    }
    return engine.ingest(request, true).join();
  }
}
