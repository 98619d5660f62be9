package io.tessera.pipeline.rfm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunResult;
import io.tessera.pipeline.RunSpec;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 4: a batch run in {@code Asia/Seoul} with orders near midnight scores RFM exactly
 * as the live engine does, which scores a customer's profile ({@link CustomerProfile}, folded order
 * by order) with an {@link RfmModel} fitted on the profiles' {@code recency_days}, {@code
 * frequency} and {@code monetary}. Orders at 23:30 and 00:30 Seoul time are two Seoul days but one
 * UTC day; 08:30 and 09:30 Seoul time are one Seoul day but two UTC days; so counting on the UTC
 * date (as the batch run did) would disagree. The as-of date is decided once, as the Seoul day of
 * the last completed order, and every output names the same day.
 */
class SeoulBatchEqualsLiveTest {
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  @TempDir static Path tmp;
  static RunResult result;
  static final Map<String, List<Order>> ORDERS = new LinkedHashMap<>();

  static void order(String customer, String at, double amount) {
    List<Order> list = ORDERS.computeIfAbsent(customer, k -> new ArrayList<>());
    list.add(
        new Order(
            customer + "-" + list.size(),
            CustomerId.of(customer),
            OffsetDateTime.parse(at).toInstant(),
            Money.of(amount, "KRW"),
            OrderStatus.COMPLETED,
            null,
            Map.of()));
  }

  @BeforeAll
  static void runInSeoul() throws IOException {
    // two Seoul days (1 and 2 March), one UTC day (1 March)
    order("c1", "2026-03-01T23:30:00+09:00", 10_000);
    order("c1", "2026-03-02T00:30:00+09:00", 20_000);
    // one Seoul day (2 March), two UTC days (1 and 2 March)
    order("c2", "2026-03-02T08:30:00+09:00", 30_000);
    order("c2", "2026-03-02T09:30:00+09:00", 5_000);
    // one order just after midnight in Seoul: 9 March there, 8 March in UTC
    order("c3", "2026-03-09T00:30:00+09:00", 7_000);
    order("c4", "2026-02-10T12:00:00+09:00", 50_000);
    order("c4", "2026-02-20T23:59:00+09:00", 40_000);
    order("c4", "2026-03-05T00:01:00+09:00", 45_000);
    order("c5", "2026-01-15T23:45:00+09:00", 3_000);
    order("c6", "2026-02-28T00:15:00+09:00", 12_000);
    order("c6", "2026-02-28T23:45:00+09:00", 8_000);
    order("c7", "2026-03-08T22:00:00+09:00", 60_000);
    // the last order: 10 March in Seoul, still 9 March in UTC
    order("c8", "2026-03-10T00:30:00+09:00", 9_000);
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(
        data.resolve("tessera.yaml"),
        "currency: KRW\ntimezone: Asia/Seoul\nprivacy:\n  pseudonymise: false\n");
    StringBuilder csv = new StringBuilder("order_id,customer_id,ordered_at,amount,status\n");
    ORDERS.forEach(
        (id, orders) ->
            orders.forEach(
                o ->
                    csv.append(o.orderId())
                        .append(',')
                        .append(id)
                        .append(',')
                        .append(o.orderedAt())
                        .append(',')
                        .append(o.amount().amount())
                        .append(",completed\n")));
    Files.writeString(data.resolve("orders.csv"), csv);
    result =
        Pipeline.run(
            RunSpec.of(TesseraConfig.forDataDir(data), tmp.resolve("out"))
                .withStoreFile(tmp.resolve("store.duckdb"))
                .withEnv(Map.of())
                .withLog(new PrintWriter(new StringWriter())));
  }

  /** The customer's profile as the live engine keeps it: every order folded in, Seoul days. */
  static double[] liveProfile(String id, LocalDate asOf) {
    CustomerProfile p =
        new CustomerProfile(CustomerId.of(id), new ProfileSettings(SEOUL, Duration.ofMinutes(30)));
    ORDERS.get(id).forEach(p::add);
    return p.values(asOf);
  }

  @Test
  void theAsOfDateIsTheSeoulDayOfTheLastOrderInEveryOutput() throws IOException {
    LocalDate asOf = LocalDate.of(2026, 3, 10);
    assertThat(result.asOf()).isEqualTo(asOf);
    assertThat(result.rfm().asOf()).isEqualTo(asOf);
    ObjectMapper json = new ObjectMapper();
    Path models = tmp.resolve("out/models");
    assertThat(json.readTree(models.resolve("churn.json").toFile()).path("as_of").asText())
        .isEqualTo(asOf.toString());
    assertThat(json.readTree(models.resolve("rfm.json").toFile()).path("as_of").asText())
        .isEqualTo(asOf.toString());
    assertThat(json.readTree(models.resolve("clv.json").toFile()).path("calibration_end").asText())
        .isEqualTo(asOf.toString());
  }

  @Test
  void batchRecencyFrequencyAndMonetaryEqualTheLiveProfile() {
    CustomerStage.Outcome rfm = result.rfm();
    assertThat(rfm.ids()).containsExactlyElementsOf(ORDERS.keySet().stream().sorted().toList());
    for (int i = 0; i < rfm.ids().size(); i++) {
      double[] live = liveProfile(rfm.ids().get(i), result.asOf());
      String who = rfm.ids().get(i);
      assertThat(rfm.recency()[i])
          .as(who + " recency")
          .isEqualTo(live[ProfileField.RECENCY_DAYS.ordinal()]);
      assertThat(rfm.frequency()[i])
          .as(who + " frequency")
          .isEqualTo(live[ProfileField.FREQUENCY.ordinal()]);
      assertThat(rfm.monetary()[i])
          .as(who + " monetary")
          .isEqualTo(live[ProfileField.MONETARY.ordinal()]);
    }
    // the midnight cases, spelled out: UTC dates would give c1 recency 9, c3 recency 2, c8 1
    int c1 = rfm.ids().indexOf("c1");
    assertThat(rfm.recency()[c1]).isEqualTo(8.0);
    assertThat(rfm.frequency()[c1]).isEqualTo(2.0);
    assertThat(rfm.recency()[rfm.ids().indexOf("c3")]).isEqualTo(1.0);
    assertThat(rfm.recency()[rfm.ids().indexOf("c8")]).isEqualTo(0.0);
  }

  @Test
  void theLiveEnginesRefitScoresEveryBuyerIntoTheBatchGroup() {
    CustomerStage.Outcome rfm = result.rfm();
    int n = rfm.ids().size();
    double[] r = new double[n];
    double[] f = new double[n];
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      double[] v = liveProfile(rfm.ids().get(i), result.asOf());
      r[i] = v[ProfileField.RECENCY_DAYS.ordinal()];
      f[i] = v[ProfileField.FREQUENCY.ordinal()];
      m[i] = v[ProfileField.MONETARY.ordinal()];
    }
    // LiveEngine.refitRfm fits on the profiles' fields and scores a customer with them
    RfmModel live = RfmModel.fit(r, f, m);
    for (int i = 0; i < n; i++) {
      assertThat(live.score(r[i], f[i], m[i])).as(rfm.ids().get(i)).isEqualTo(rfm.scores()[i]);
      assertThat(rfm.model().score(r[i], f[i], m[i])).isEqualTo(rfm.scores()[i]);
    }
  }
}
