package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * From raw CDNOW transactions to the published calibration summary and model, and the BG/NBD
 * purchase-count distribution against the figures in ../shared/datasets/cdnow/README.md.
 */
class TransactionSummaryPublishedFiguresTest {

  @Test
  void summaryFromTheSampleTransactionsShouldReproduceThePublishedSummary() throws IOException {
    List<String> lines = Files.readAllLines(SharedData.require("cdnow/CDNOW_sample.txt"));
    int n = lines.size();
    String[] ids = new String[n];
    LocalDate[] days = new LocalDate[n];
    double[] amounts = new double[n];
    DateTimeFormatter ymd = DateTimeFormatter.BASIC_ISO_DATE;
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i).strip().split("\\s+");
      ids[i] = f[1];
      days[i] = LocalDate.parse(f[2], ymd);
      amounts[i] = Double.parseDouble(f[4]);
    }
    TransactionSummary s =
        TransactionSummary.of(
            ids,
            days,
            amounts,
            LocalDate.of(1997, 9, 30),
            LocalDate.of(1998, 6, 30),
            TransactionSummary.TimeUnit.WEEKS);
    assertThat(s.customerIds()).hasSize(2_357);

    Map<Integer, Integer> row = new HashMap<>();
    for (int i = 0; i < s.customerIds().size(); i++) {
      row.put(Integer.parseInt(s.customerIds().get(i)), i);
    }
    List<String> published =
        Files.readAllLines(
            SharedData.require("cdnow/cdnow_customers_summary_with_transactions.csv"));
    RepeatSummary c = s.calibration();
    for (String line : published.subList(1, published.size())) {
      String[] f = line.split(",");
      int i = row.get(Integer.parseInt(f[0]));
      assertThat(c.x(i)).as("x of %s", f[0]).isEqualTo(Double.parseDouble(f[1]));
      assertThat(c.tx(i)).as("t_x of %s", f[0]).isCloseTo(Double.parseDouble(f[2]), within(0.006));
      assertThat(c.age(i)).as("T of %s", f[0]).isCloseTo(Double.parseDouble(f[3]), within(0.006));
      assertThat(c.meanSpend(i))
          .as("zbar of %s", f[0])
          .isCloseTo(Double.parseDouble(f[4]), within(0.006));
    }
    // and the model fitted on it is the published one (Fader, Hardie & Lee 2005)
    BgNbd m = BgNbd.fit(c);
    assertThat(m.r()).isCloseTo(0.243, within(0.0005));
    assertThat(m.b()).isCloseTo(2.426, within(0.005));
    assertThat(s.holdoutLength()).isCloseTo(39.0, within(1e-9));
    assertThat(java.util.Arrays.stream(s.holdoutPurchases()).sum()).isPositive();
  }

  @Test
  void purchaseCountProbabilitiesShouldMatchBtyd() {
    // lifetimes TestBetaGeoFitter with (0.243, 4.414, 0.793, 2.426), "same as R BTYD" (decimal 5)
    BgNbd m = BgNbd.of(0.243, 4.414, 0.793, 2.426);
    assertThat(m.probabilityOfPurchases(10, 2)).isCloseTo(1.07869e-07, within(1e-11));
    assertThat(m.probabilityOfPurchases(0, 39)).isCloseTo(0.5737864, within(1e-6));
    double[] expected = {
      0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
      0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260
    };
    for (int k = 0; k < expected.length; k++) {
      assertThat(m.probabilityOfPurchases(11 + k, 30))
          .as("P(X(30) = %d)", 11 + k)
          .isCloseTo(expected[k], within(1e-7));
    }
  }

  @Test
  void clvShouldGrowWithTheHorizonAndShrinkWithTheDiscount() {
    BgNbd m = BgNbd.of(0.243, 4.414, 0.793, 2.426);
    GammaGamma g = GammaGamma.of(6.25, 3.74, 15.44);
    double year = Clv.value(m, g, 2, 30.43, 38.86, 22.35, 12, 0.01, 7);
    double twoYears = Clv.value(m, g, 2, 30.43, 38.86, 22.35, 24, 0.01, 7);
    double undiscounted = Clv.value(m, g, 2, 30.43, 38.86, 22.35, 12, 0.0, 7);
    assertThat(twoYears).isGreaterThan(year);
    assertThat(undiscounted).isGreaterThan(year);
    // without discounting, CLV = E[purchases in 12 months] x E[value per purchase] (hand identity)
    double purchases = m.expectedPurchases(12 * Clv.DAYS_PER_MONTH / 7, 2, 30.43, 38.86);
    assertThat(undiscounted)
        .isCloseTo(purchases * g.conditionalExpectedAverageValue(2, 22.35), within(1e-9));
  }
}
