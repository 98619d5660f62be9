package io.tessera.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.predict.churn.ChurnReport;
import io.tessera.predict.clv.ClvReport;
import io.tessera.segment.ClusteringReport;
import io.tessera.segment.rfm.RfmReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model files are public API: every key and value a run wrote before the models serialised
 * themselves must survive a read and a write by the typed models. The files under {@code today/}
 * were written by {@code tessera demo --customers 1500} at commit 4fbcf05 (before this change;
 * clustering.json's map points cut to three per map to keep the file small).
 */
public class TodayShapeTest {
  @ParameterizedTest
  @ValueSource(strings = {"clv", "rfm", "clustering", "churn"})
  void shouldKeepEveryKeyAndValueOfTodaysFile(String name) throws IOException {
    String today = resource("today/" + name + ".json");
    UnaryOperator<String> roundTrip =
        switch (name) {
          case "clv" -> json -> ClvReport.fromJson(json, "clv.json").toJson();
          case "rfm" -> json -> RfmReport.fromJson(json, "rfm.json").toJson();
          case "clustering" -> json -> ClusteringReport.fromJson(json, "clustering.json").toJson();
          case "churn" -> json -> ChurnReport.fromJson(json, "churn.json").toJson();
          default -> throw new IllegalArgumentException(name);
        };
    JsonNode before = ModelJson.MAPPER.readTree(today);
    JsonNode after = ModelJson.MAPPER.readTree(roundTrip.apply(today));

    List<String> lost = new ArrayList<>();
    compare(before, after, name, lost);
    assertThat(lost).as("keys or values of today's %s.json lost or changed", name).isEmpty();
    assertThat(after.path("format_version").asInt()).isEqualTo(1);
  }

  /** Adds to {@code lost} every path of {@code before} missing or different in {@code after}. */
  static void compare(JsonNode before, JsonNode after, String path, List<String> lost) {
    if (before.isObject()) {
      if (!after.isObject()) {
        lost.add(path + " is no longer an object");
        return;
      }
      before
          .properties()
          .forEach(
              e -> compare(e.getValue(), after.path(e.getKey()), path + "." + e.getKey(), lost));
    } else if (before.isArray()) {
      if (!after.isArray() || after.size() != before.size()) {
        lost.add(path + " is no longer a list of " + before.size());
        return;
      }
      for (int i = 0; i < before.size(); i++) {
        compare(before.get(i), after.get(i), path + "[" + i + "]", lost);
      }
    } else if (before.isNumber()) {
      if (!after.isNumber() || Double.compare(before.asDouble(), after.asDouble()) != 0) {
        lost.add(path + ": " + before + " became " + after);
      }
    } else if (!before.equals(after)) {
      lost.add(path + ": " + before + " became " + after);
    }
  }

  /** The key paths of a file (array elements as {@code []}), for shape comparisons. */
  public static java.util.Set<String> keyPaths(JsonNode node, String path) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                out.add(path + "." + e.getKey());
                out.addAll(keyPaths(e.getValue(), path + "." + e.getKey()));
              });
    } else if (node.isArray()) {
      node.forEach(n -> out.addAll(keyPaths(n, path + "[]")));
    }
    return out;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = TodayShapeTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static JsonNode todayTree(String name) throws IOException {
    return ModelJson.MAPPER.readTree(resource("today/" + name + ".json"));
  }
}
