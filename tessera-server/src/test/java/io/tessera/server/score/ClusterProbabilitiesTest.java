package io.tessera.server.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.pipeline.RunResult;
import io.tessera.server.RunResults;
import io.tessera.store.Db;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soft cluster membership through the server: a Gaussian-mixture run's probabilities of each
 * customer's own cluster and of every cluster are loaded with its scores (rounded as the run's
 * files write them) and served per customer; a run without a mixture serves none.
 */
class ClusterProbabilitiesTest {

  private static CustomerScores scores() throws Exception {
    DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    return new CustomerScores(
        new Db(c),
        io.tessera.profile.ProfileSettings.DEFAULT,
        Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
  }

  private static RunResult run(boolean mixture) {
    Map<String, Double> first = new LinkedHashMap<>();
    Map<String, Double> second = new LinkedHashMap<>();
    if (mixture) {
      first.put("cluster:0", 0.8);
      first.put("cluster:1", 0.2);
      // unrounded posteriors: stored as the cluster columns write them (six decimal places)
      second.put("cluster:0", 0.0000012);
      second.put("cluster:1", 0.9999988);
    }
    return RunResults.of(
        List.of(
            RunResults.row("007", null, mixture ? 0.8 : null, first),
            RunResults.row("b", null, mixture ? 0.9999988 : null, second)),
        null,
        null);
  }

  @Test
  void aMixtureRunsProbabilitiesShouldBeServedPerCustomer(@TempDir Path dir) throws Exception {
    CustomerScores scores = scores();
    assertThat(scores.load("r1", run(true))).isEqualTo(2);
    var found = scores.batch("007").orElseThrow();
    assertThat(found.clusterProbability()).isEqualTo(0.8);
    // a leading-zero id stays text, and the vector is keyed by segment id
    assertThat(found.clusterProbabilities()).containsOnlyKeys("cluster:0", "cluster:1");
    assertThat(found.clusterProbabilities().get("cluster:0")).isCloseTo(0.8, within(1e-12));
    assertThat(found.clusterProbabilities().get("cluster:1")).isCloseTo(0.2, within(1e-12));
    var other = scores.batch("b").orElseThrow();
    assertThat(other.clusterProbability()).isEqualTo(0.999999);
    assertThat(other.clusterProbabilities().get("cluster:1")).isCloseTo(0.999999, within(1e-12));
    assertThat(other.clusterProbabilities().get("cluster:0")).isCloseTo(0.000001, within(1e-12));
  }

  @Test
  void aRunWithoutAMixtureShouldServeNoProbabilities(@TempDir Path dir) throws Exception {
    CustomerScores scores = scores();
    scores.load("r2", run(false));
    var found = scores.batch("007").orElseThrow();
    assertThat(found.clusterProbability()).isNull();
    assertThat(found.clusterProbabilities()).isNull();
  }
}
