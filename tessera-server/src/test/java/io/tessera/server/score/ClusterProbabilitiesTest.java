package io.tessera.server.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.store.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soft cluster membership through the server: a Gaussian-mixture run's {@code cluster_probability}
 * column and {@code cluster_probabilities.csv} side file are loaded with its scores and served per
 * customer; a run without the side file serves none.
 */
class ClusterProbabilitiesTest {

  private static CustomerScores scores() throws Exception {
    DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    return new CustomerScores(
        new Db(c), Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
  }

  private static void customers(Path run, boolean mixture) throws Exception {
    Files.createDirectories(run);
    Files.writeString(
        run.resolve("customers.csv"),
        "customer_id,cluster,cluster_name,reasons,cluster_probability\n"
            + "007,cluster:0,big spenders,,"
            + (mixture ? "0.8" : "")
            + "\n"
            + "b,cluster:1,\"one-time, recent\",,"
            + (mixture ? "0.999999" : "")
            + "\n");
    if (mixture) {
      Files.writeString(
          run.resolve("cluster_probabilities.csv"),
          "customer_id,cluster:0,cluster:1\n007,0.8,0.2\nb,0.000001,0.999999\n");
    }
  }

  @Test
  void aMixtureRunsProbabilitiesShouldBeServedPerCustomer(@TempDir Path dir) throws Exception {
    CustomerScores scores = scores();
    customers(dir.resolve("run"), true);
    assertThat(scores.load("r1", dir.resolve("run"))).isEqualTo(2);
    var found = scores.batch("007").orElseThrow();
    assertThat(found.clusterProbability()).isEqualTo(0.8);
    // a leading-zero id stays text, and the vector is keyed by segment id
    assertThat(found.clusterProbabilities()).containsOnlyKeys("cluster:0", "cluster:1");
    assertThat(found.clusterProbabilities().get("cluster:0")).isCloseTo(0.8, within(1e-12));
    assertThat(found.clusterProbabilities().get("cluster:1")).isCloseTo(0.2, within(1e-12));
    var other = scores.batch("b").orElseThrow();
    assertThat(other.clusterProbabilities().get("cluster:1")).isCloseTo(0.999999, within(1e-12));
  }

  @Test
  void aRunWithoutAMixtureShouldServeNoProbabilities(@TempDir Path dir) throws Exception {
    CustomerScores scores = scores();
    customers(dir.resolve("run"), false);
    scores.load("r2", dir.resolve("run"));
    var found = scores.batch("007").orElseThrow();
    assertThat(found.clusterProbability()).isNull();
    assertThat(found.clusterProbabilities()).isNull();
  }
}
