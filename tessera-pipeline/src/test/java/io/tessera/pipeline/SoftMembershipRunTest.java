package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.OrdersShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.report.Lang;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with {@code clustering.algorithm: gmm} on the second generator's orders-only shop: each
 * customer's probability of their own cluster in customers.csv, the full vector in
 * cluster_probabilities.csv; and a k-means run writes neither.
 */
class SoftMembershipRunTest {

  private static Path run(Path tmp, String clustering) throws Exception {
    Path data = tmp.resolve("data");
    Path out = tmp.resolve("out");
    OrdersShop.write(new OrdersShop.Options(1_500, 365, 5, null), data);
    Files.writeString(data.resolve("tessera.yaml"), clustering, StandardOpenOption.APPEND);
    int rc =
        TestRuns.execute(
            io.tessera.store.TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of(Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            Lang.EN);
    assertThat(rc).isZero();
    return out;
  }

  @Test
  void aGaussianMixtureRunShouldWriteEachCustomersProbabilities(@TempDir Path tmp)
      throws Exception {
    Path out = run(tmp, "clustering:\n  algorithm: gmm\n  k: 4\n");
    List<String[]> side = CsvFiles.rows(out.resolve("cluster_probabilities.csv"));
    List<String> header =
        List.of(Files.readAllLines(out.resolve("cluster_probabilities.csv")).get(0).split(","));
    assertThat(header)
        .containsExactly("customer_id", "cluster:0", "cluster:1", "cluster:2", "cluster:3");
    Map<String, double[]> vectors = new HashMap<>();
    for (String[] f : side) {
      double[] p = new double[4];
      double sum = 0;
      for (int c = 0; c < 4; c++) {
        p[c] = Double.parseDouble(f[c + 1]);
        assertThat(p[c]).isBetween(0.0, 1.0);
        sum += p[c];
      }
      assertThat(sum).isCloseTo(1.0, within(4 * 5e-6));
      vectors.put(f[0], p);
    }
    List<String> columns =
        List.of(Files.readAllLines(out.resolve("customers.csv")).get(0).split(","));
    int probability = columns.indexOf("cluster_probability");
    int cluster = columns.indexOf("cluster");
    List<String[]> customers = CsvFiles.rows(out.resolve("customers.csv"));
    assertThat(customers).hasSize(side.size());
    for (String[] f : customers) {
      double[] p = vectors.get(f[0]);
      int own = Integer.parseInt(f[cluster].substring("cluster:".length()));
      // the customer's cluster is their most probable one, and the column holds its probability
      assertThat(Double.parseDouble(f[probability])).isEqualTo(p[own]);
      for (double q : p) {
        assertThat(p[own]).isGreaterThanOrEqualTo(q);
      }
    }
    JsonNode model = new ObjectMapper().readTree(out.resolve("models/clustering.json").toFile());
    assertThat(model.path("algorithm").asText()).isEqualTo("gmm");
  }

  @Test
  void aKMeansRunShouldLeaveTheColumnEmptyAndWriteNoSideFile(@TempDir Path tmp) throws Exception {
    Path out = run(tmp, "clustering:\n  k: 4\n");
    assertThat(out.resolve("cluster_probabilities.csv")).doesNotExist();
    List<String> columns =
        List.of(Files.readAllLines(out.resolve("customers.csv")).get(0).split(","));
    int probability = columns.indexOf("cluster_probability");
    assertThat(probability).isEqualTo(columns.size() - 1);
    for (String[] f : CsvFiles.rows(out.resolve("customers.csv"))) {
      assertThat(f.length <= probability || f[probability].isEmpty()).isTrue();
    }
  }
}
