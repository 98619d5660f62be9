package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnFeatures;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.Reason;
import io.tessera.predict.churn.SavedChurn;
import io.tessera.predict.churn.TabularEncoder;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label-column churn model (trained on customers-file columns) served live: the server scores a
 * customer from their row of the customers file in the store, by the saved model, as the run's code
 * would; a marketer sees the attribute factors' names and signs, not their values.
 */
class LiveChurnColumnsTest {
  private static final List<String> HEADER = List.of("customer_id", "contract", "tenure");
  private static final String[] CONTRACTS = {"Month-to-month", "One year", "Two year"};

  @TempDir Path dir;

  @Test
  void aLabelColumnModelShouldScoreTheCustomersFileRowAndHideAttributeValuesFromMarketers()
      throws Exception {
    // 300 customers-file rows: month-to-month and short tenure churn more
    SplittableRandom rnd = new SplittableRandom(5);
    List<Customer> customers = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    Path storeFile = dir.resolve("live.duckdb");
    try (Store store = Store.open(storeFile)) {
      for (int i = 0; i < 300; i++) {
        String contract = CONTRACTS[rnd.nextInt(3)];
        int tenure = rnd.nextInt(72);
        double logit = (contract.equals("Month-to-month") ? 1.2 : -1) - tenure / 30.0;
        int churned = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        Map<String, String> attributes = Map.of("contract", contract, "tenure", "" + tenure);
        customers.add(
            new Customer(
                CustomerId.of("c" + i),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                attributes));
        labels.add(churned);
        store.execute(
            "INSERT INTO customers (customer_id, attributes) VALUES ('c"
                + i
                + "', '{\"contract\": \""
                + contract
                + "\", \"tenure\": \""
                + tenure
                + "\"}')");
      }
    }
    List<String[]> table =
        customers.stream().map(c -> ChurnFeatures.Columns.cells(c, HEADER)).toList();
    TabularEncoder encoder = TabularEncoder.fit(HEADER, table, HEADER.subList(1, 3));
    ChurnData data =
        ChurnData.of(encoder, HEADER, table, labels.stream().mapToInt(Integer::intValue).toArray());
    TrainedChurn trained =
        ChurnTrainer.train(
            data, ChurnTrainer.Options.defaults(3).withModels(List.of("xgboost")).withFolds(3));
    SavedChurn saved =
        new SavedChurn(
            "churn", null, 90, new ChurnFeatures.Columns(HEADER, encoder), trained.scorer());
    var run = RunResults.of(List.of(RunResults.row("c7", 0.5, null, Map.of())), "xgboost", saved);

    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(storeFile)
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      server.scores().load("run-columns", run);
      Client client = new Client(server.port());
      for (String who : List.of("c7", "ghost")) {
        assertThat(
                client
                    .collect(
                        "track",
                        "{\"messageId\":\"m-"
                            + who
                            + "\",\"userId\":\""
                            + who
                            + "\",\"event\":\"Product Viewed\"}")
                    .status())
            .isEqualTo(200);
      }
      JsonNode c7 = client.get("/api/v1/customers/c7", Client.ADMIN).json();
      JsonNode churn = c7.at("/live_scores/churn");
      ChurnData row = ChurnData.of(encoder, HEADER, List.<String[]>of(table.get(7)), null);
      assertThat(churn.get("features").asText()).as(c7.toString()).isEqualTo("customers_file");
      assertThat(churn.get("model_run_id").asText()).isEqualTo("run-columns");
      assertThat(churn.get("probability").asDouble()).isEqualTo(trained.probability(row)[0]);
      List<String> reasons = new ArrayList<>();
      churn.get("reasons").forEach(r -> reasons.add(r.asText()));
      assertThat(reasons)
          .isEqualTo(trained.reasons(row, 3).get(0).stream().map(Reason::text).toList());
      assertThat(String.join(" ", reasons)).contains("contract=" + table.get(7)[1]);
      assertThat(c7.at("/scores/churn/probability").asDouble()).isEqualTo(0.5);

      String marketer =
          client
              .post("/api/v1/keys", "{\"name\":\"Mia\",\"role\":\"marketer\"}", Client.ADMIN)
              .json()
              .get("key")
              .asText();
      JsonNode asMarketer = client.get("/api/v1/customers/c7", marketer).json();
      String seen = asMarketer.at("/live_scores/churn/reasons").toString();
      assertThat(seen).contains("(hidden: a customer attribute)").doesNotContain(table.get(7)[1]);
      assertThat(asMarketer.at("/live_scores/churn/probability").asDouble())
          .isEqualTo(churn.get("probability").asDouble());

      // a customer with events but no customers-file row is not scored, and says why
      JsonNode ghost = client.get("/api/v1/customers/ghost", Client.ADMIN).json();
      assertThat(ghost.at("/live_scores/churn/scored").asBoolean()).isFalse();
      assertThat(ghost.at("/live_scores/churn/message").asText())
          .contains("no row in the customers file");
    }
  }
}
