package io.tessera.server.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.pipeline.RunModels;
import io.tessera.pipeline.RunResult;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.ClvReport;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.profile.ProfileSettings;
import io.tessera.server.RunResults;
import io.tessera.store.Db;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * The live lifetime value counts a customer's purchase days as the batch run does: by {@link
 * ProfileSettings#day}, in the configured zone. Orders near midnight in Asia/Seoul fall on other
 * days than their UTC dates, and an order after the as-of day's end in Seoul is left out though its
 * UTC date is the as-of day.
 */
class LivePurchaseDaysTest {

  private static CustomerScores scores(ZoneId zone) throws Exception {
    DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (order_id VARCHAR, customer_id VARCHAR, status VARCHAR, ordered_at"
              + " TIMESTAMP, amount DOUBLE)");
      // 2026-12-01 00:30 and 11:00 in Seoul (two UTC dates), and 2026-12-06 01:00 in Seoul
      s.execute(
          "INSERT INTO orders VALUES ('o1', 'c', 'completed', TIMESTAMP '2026-11-30 15:30:00',"
              + " 10), ('o2', 'c', 'completed', TIMESTAMP '2026-12-01 02:00:00', 20), ('o3', 'c',"
              + " 'completed', TIMESTAMP '2026-12-05 16:00:00', 30), ('o4', 'c', 'cancelled',"
              + " TIMESTAMP '2026-11-20 12:00:00', 40)");
    }
    CustomerScores scores =
        new CustomerScores(
            new Db(c),
            new ProfileSettings(zone, Duration.ofMinutes(30)),
            Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
    RunResult run =
        RunResults.of(List.of(RunResults.row("c", null, null, java.util.Map.of())), null, null);
    ClvReport clv =
        new ClvReport(
            TransactionSummary.TimeUnit.DAYS,
            LocalDate.parse("2026-11-01"),
            ClvReport.FITTED,
            null,
            null,
            null,
            0,
            List.of(),
            BgNbd.of(0.5, 10, 0.8, 2.5),
            GammaGamma.of(6, 4, 15),
            Double.NaN,
            null,
            0,
            null);
    RunModels m = run.models();
    scores.load(
        "r1",
        RunResults.withModels(
            run, new RunModels(m.rfm(), clv, m.clustering(), m.clusteringModel(), m.churn())));
    return scores;
  }

  @Test
  void liveValueShouldCountPurchaseDaysInTheConfiguredZone() throws Exception {
    LocalDate asOf = LocalDate.parse("2026-12-05");
    CustomerScores.LiveScores seoul = scores(ZoneId.of("Asia/Seoul")).live("c", asOf).orElseThrow();
    // o1 and o2 are both on 2026-12-01 in Seoul; o3 is on 2026-12-06 there, after the as-of day
    assertThat(seoul.purchaseDays()).isEqualTo(1);
    assertThat(seoul.value()).isNotNull();

    CustomerScores.LiveScores utc = scores(ZoneOffset.UTC).live("c", asOf).orElseThrow();
    // in UTC: 2026-11-30, 2026-12-01 and 2026-12-05
    assertThat(utc.purchaseDays()).isEqualTo(3);
    assertThat(utc.value().pAlive()).isNotEqualTo(seoul.value().pAlive());
  }

  @Test
  void aCustomerWithoutCompletedOrdersUpToTheDayShouldHaveNoValue() throws Exception {
    CustomerScores.LiveScores before =
        scores(ZoneId.of("Asia/Seoul")).live("c", LocalDate.parse("2026-11-30")).orElseThrow();
    assertThat(before.purchaseDays()).isZero();
    assertThat(before.value()).isNull();
  }
}
