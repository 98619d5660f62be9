package io.tessera.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a realistic synthetic e-commerce shop as contract files plus a {@code truth/} folder.
 *
 * <p>Customers are generated in fixed-size chunks, each from its own random stream derived from the
 * seed and the chunk index, and written in chunk order: the output is byte-identical for the same
 * options whatever the number of threads. Faults are injected into a share of rows (exactly one per
 * faulty row) and counted in {@code truth/faults.json} with the quarantine reason words that
 * ingestion uses, so a run on this data can be checked against the truth exactly.
 */
public final class SyntheticShop {
  static final int CHUNK = 4_000;
  static final List<String> FILES =
      List.of("customers", "orders", "order_items", "events", "interactions", "reviews");
  static final Map<String, String> HEADERS =
      Map.of(
          "customers",
          "customer_id,email,phone,signup_at,country,region,gender,birth_year,"
              + "consent_analytics,consent_marketing,consent_profiling",
          "orders",
          "order_id,customer_id,ordered_at,amount,currency,status,channel,discount_code",
          "order_items",
          "order_id,product_id,category,quantity,unit_price",
          "events",
          "event_id,type,occurred_at,customer_id,anonymous_id,device_id,email,session_id,properties",
          "interactions",
          "interaction_id,customer_id,occurred_at,channel,kind,text",
          "reviews",
          "review_id,customer_id,created_at,rating,product_id,text");

  private SyntheticShop() {}

  /** Writes all contract files, currency_rates.csv, tessera.yaml and truth/ into {@code out}. */
  public static GenerationSummary write(GeneratorOptions options, Path out) throws IOException {
    Files.createDirectories(out.resolve("truth"));
    long startEpochSecond =
        options
            .endDate()
            .minusDays(options.days() - 1L)
            .atStartOfDay(ZoneOffset.UTC)
            .toEpochSecond();
    long endEpochSecond =
        options.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
    int chunks = (options.customers() + CHUNK - 1) / CHUNK;

    Map<String, Long> rows = new TreeMap<>();
    Map<String, Map<String, Long>> faults = new TreeMap<>();
    List<OutputStream> files = new ArrayList<>();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (String f : FILES) {
        OutputStream o = newStream(out.resolve(f + ".csv"));
        o.write((HEADERS.get(f) + "\n").getBytes(StandardCharsets.UTF_8));
        files.add(o);
      }
      OutputStream truth =
          truthFile(
              out,
              "customers.csv",
              "customer_id,persona,buys_next_90d,purchases_next_90d,revenue_next_90d",
              files);
      OutputStream texts =
          truthFile(out, "texts.csv", "id,source,customer_id,language,topic,sentiment", files);
      OutputStream identities =
          truthFile(out, "identities.csv", "person_id,kind,value,role", files);

      // Chunks are generated ahead on the pool (a bounded window) and written here in chunk
      // order, so writing overlaps generation and the bytes never depend on scheduling.
      Deque<Future<ShopChunk>> window = new ArrayDeque<>();
      int next = 0;
      while (next < chunks || !window.isEmpty()) {
        while (next < chunks && window.size() < threads * 3) {
          int c = next++;
          window.add(
              pool.submit(
                  () ->
                      new ShopChunk(
                              options,
                              c,
                              c * CHUNK,
                              Math.min(CHUNK, options.customers() - c * CHUNK),
                              startEpochSecond,
                              endEpochSecond)
                          .generate()));
        }
        ShopChunk chunk = await(window.poll());
        for (int i = 0; i < FILES.size(); i++) {
          files.get(i).write(chunk.encoded(i));
          rows.merge(FILES.get(i), chunk.rowCount(FILES.get(i)), Long::sum);
        }
        truth.write(chunk.encoded(FILES.size()));
        addFaults(faults, chunk.faults());
        texts.write(chunk.encoded(FILES.size() + 1));
        identities.write(chunk.encoded(FILES.size() + 2));
      }
    } finally {
      pool.shutdownNow();
      for (OutputStream o : files) {
        o.close();
      }
    }
    writeRates(out.resolve("currency_rates.csv"));
    writeConfig(out.resolve("tessera.yaml"), options.endDate());
    for (String f : FILES) {
      faults.computeIfAbsent(f, s -> new TreeMap<>());
    }
    writeFaults(out.resolve("truth").resolve("faults.json"), faults);
    Map<String, Map<String, Long>> frozen = new TreeMap<>();
    faults.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    return new GenerationSummary(out, rows, frozen);
  }

  /** Adds a chunk's injected faults, by source and kind, to the shop's. */
  private static void addFaults(
      Map<String, Map<String, Long>> faults, Map<String, Map<String, Long>> chunk) {
    chunk.forEach(
        (source, byKind) ->
            byKind.forEach(
                (kind, n) ->
                    faults
                        .computeIfAbsent(source, k -> new TreeMap<>())
                        .merge(kind, n, Long::sum)));
  }

  /** Opens a file under truth/ with its header line, added to {@code files} to be closed. */
  private static OutputStream truthFile(
      Path out, String name, String header, List<OutputStream> files) throws IOException {
    OutputStream o = newStream(out.resolve("truth").resolve(name));
    files.add(o);
    o.write((header + "\n").getBytes(StandardCharsets.UTF_8));
    return o;
  }

  /** truth/faults.json: the injected faults by source and kind. */
  private static void writeFaults(Path file, Map<String, Map<String, Long>> faults)
      throws IOException {
    ObjectMapper json =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    Files.writeString(file, json.writeValueAsString(faults) + "\n", StandardCharsets.UTF_8);
  }

  private static OutputStream newStream(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
  }

  private static ShopChunk await(Future<ShopChunk> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Units of the base currency (USD) for one unit of each currency the shop sells in. */
  static final Map<String, Double> RATES =
      Map.of("USD", 1.0, "EUR", 1.08, "GBP", 1.27, "KRW", 0.00073, "JPY", 0.0066);

  private static void writeRates(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("currency,rate");
    new TreeMap<>(RATES).forEach((c, r) -> lines.add(c + "," + r));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static void writeConfig(Path file, LocalDate asOf) throws IOException {
    String yaml =
        "# Written by `tessera generate`: settings for `tessera run --data` on this folder.\n"
            + "currency: USD\n"
            + "timezone: UTC\n"
            + "as_of: "
            + asOf
            + "\n"
            + "rates: currency_rates.csv\n";
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }
}
