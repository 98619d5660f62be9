package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.report.Lang;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifest.json's {@code config.as_of} is the run's decided as-of date (the one every stage used),
 * with {@code as_of_source} saying where it came from: without a configured date, the day in the
 * configured zone of the last completed order, else of the last event.
 */
class ManifestAsOfTest {
  private static final String YAML = "currency: USD\ntimezone: Asia/Seoul\n";

  /** Completed orders of customers who differ, so that they can be clustered. */
  private static final String OTHERS =
      "o1,a,2026-02-01T10:00:00Z,10,USD,completed\n"
          + "o2,b,2026-02-20T10:00:00Z,20,USD,completed\n"
          + "o5,c,2026-01-05T10:00:00Z,200,USD,completed\n"
          + "o6,c,2026-01-25T10:00:00Z,180,USD,completed\n"
          + "o7,d,2026-02-27T10:00:00Z,5,USD,completed\n"
          + "o8,e,2026-01-10T10:00:00Z,60,USD,completed\n"
          + "o9,e,2026-02-10T10:00:00Z,70,USD,completed\n"
          + "o10,e,2026-02-26T10:00:00Z,65,USD,completed\n";

  private static JsonNode run(Path data, Path out) throws Exception {
    TestRuns.execute(
        TesseraConfig.forDataDir(data),
        out,
        null,
        Map.of(Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
        new PrintWriter(new StringWriter()),
        false,
        List.of("tessera", "run"),
        Map.of(),
        Lang.EN);
    return new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("config");
  }

  @Test
  void theManifestShouldReportTheRunsHeapWithinItsLimit(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("tessera.yaml"), YAML);
    Files.writeString(
        data.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status\n" + OTHERS);
    run(data, dir.resolve("out"));
    JsonNode memory =
        new ObjectMapper().readTree(dir.resolve("out/manifest.json").toFile()).path("memory");
    long max = memory.path("max_heap_mb").asLong();
    assertThat(max).isEqualTo(Runtime.getRuntime().maxMemory() >> 20);
    assertThat(memory.path("peak_heap_mb").asLong()).isBetween(1L, max);
    assertThat(memory.path("gc_count").asLong()).isNotNegative();
    assertThat(memory.path("full_gc_count").asLong())
        .isBetween(0L, memory.path("gc_count").asLong());
    assertThat(memory.path("gc_ms").asLong()).isNotNegative();
    JsonNode afterGc = memory.path("peak_heap_after_gc_mb");
    assertThat(afterGc.isNull() || afterGc.asLong() <= max).isTrue();
  }

  @Test
  void theLastCompletedOrdersDayInTheZoneShouldBeTheAsOfDate(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("tessera.yaml"), YAML);
    // the last completed order is at 01:30 on 2026-03-02 in Seoul (its UTC date is 2026-03-01);
    // a later cancelled order does not count
    Files.writeString(
        data.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status\n"
            + OTHERS
            + "o3,a,2026-03-01T16:30:00Z,15,USD,completed\n"
            + "o4,b,2026-03-05T10:00:00Z,30,USD,cancelled\n");
    JsonNode config = run(data, dir.resolve("out"));
    assertThat(config.path("as_of").asText()).isEqualTo("2026-03-02");
    assertThat(config.path("as_of_source").asText()).isEqualTo("last_completed_order");
  }

  @Test
  void withoutOrdersTheLastEventsDayShouldBeTheAsOfDate(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("tessera.yaml"), YAML);
    Files.writeString(
        data.resolve("events.csv"),
        "event_id,type,occurred_at,customer_id\n"
            + "e1,page_view,2026-04-01T12:00:00Z,a\n"
            + "e2,page_view,2026-03-20T12:00:00Z,b\n"
            + "e3,page_view,2026-03-21T12:00:00Z,b\n"
            + "e4,page_view,2026-02-02T12:00:00Z,c\n"
            + "e5,page_view,2026-03-30T12:00:00Z,d\n"
            + "e6,page_view,2026-04-01T13:00:00Z,d\n"
            + "e7,page_view,2026-04-01T14:00:00Z,d\n"
            + "e8,page_view,2026-04-03T15:10:00Z,e\n");
    JsonNode config = run(data, dir.resolve("out"));
    // 00:10 on 2026-04-04 in Seoul
    assertThat(config.path("as_of").asText()).isEqualTo("2026-04-04");
    assertThat(config.path("as_of_source").asText()).isEqualTo("last_event");
  }

  @Test
  void aConfiguredDateShouldBeWrittenAsTheConfigs(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("tessera.yaml"), YAML + "as_of: 2026-02-25\n");
    Files.writeString(
        data.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status\n"
            + OTHERS
            + "o11,b,2026-03-01T10:00:00Z,20,USD,completed\n");
    JsonNode config = run(data, dir.resolve("out"));
    assertThat(config.path("as_of").asText()).isEqualTo("2026-02-25");
    assertThat(config.path("as_of_source").asText()).isEqualTo("config");
  }
}
