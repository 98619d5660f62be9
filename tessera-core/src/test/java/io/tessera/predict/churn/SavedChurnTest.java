package io.tessera.predict.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import io.tessera.feature.FeatureMatrix;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.ProfileTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A saved churn model, read back, scores and explains exactly as the model that was saved. */
class SavedChurnTest {
  private static final LocalDate DAY = LocalDate.of(2025, 6, 30);
  private static final ChurnFeatures SYNTHETIC =
      new ChurnFeatures.Columns(
          List.of("customer_id", "x0", "x1", "plan"),
          TabularEncoder.restore(
              List.of("x0", "x1", "plan"),
              Map.of("x0", 0.0, "x1", 0.0),
              Map.of("x0", false, "x1", false),
              Map.of("plan", List.of("monthly", "yearly"))));

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "xgboost, isotonic",
    "random_forest, isotonic",
    "logistic, isotonic",
    "xgboost, platt",
    "random_forest, none"
  })
  void aLoadedModelShouldGiveBitIdenticalProbabilitiesAndReasons(String id, String calibration)
      throws Exception {
    ChurnData data = ChurnModelsTest.synthetic(11);
    TrainedChurn trained =
        ChurnTrainer.train(
            data,
            new ChurnTrainer.Options(
                List.of(id), 3, new ThresholdRule.MaxF1(), Calibration.parse(calibration), 5));
    SavedChurn saved = new SavedChurn("churn", DAY, 90, SYNTHETIC, trained.scorer());
    Path file = dir.resolve("churn_model.json");
    saved.write(file);
    SavedChurn loaded = SavedChurn.read(file);

    assertThat(loaded.scorer().modelId()).isEqualTo(id);
    assertThat(loaded.scorer().calibration().method().wire()).isEqualTo(calibration);
    assertThat(loaded.scorer().threshold()).isEqualTo(trained.threshold());
    assertThat(loaded.asOf()).isEqualTo(DAY);
    assertThat(loaded.horizonDays()).isEqualTo(90);
    assertThat(loaded.features().columns()).isEqualTo(SYNTHETIC.columns());
    // bit for bit: exact double equality, every row, probabilities and reasons
    assertThat(loaded.scorer().probability(data)).containsExactly(trained.probability(data));
    assertThat(loaded.scorer().reasons(data, 3)).isEqualTo(trained.reasons(data, 3));
    // one customer at a time (as the live engine scores) gives the batch's figure too
    double[] all = trained.probability(data);
    List<List<Reason>> why = trained.reasons(data, 3);
    for (int i = 0; i < 20; i++) {
      SavedChurn.Score s = loaded.score(data.subset(new int[] {i}), 3);
      assertThat(s.probability()).isEqualTo(all[i]);
      assertThat(s.reasons()).isEqualTo(why.get(i));
      assertThat(s.flagged()).isEqualTo(all[i] >= trained.threshold());
    }
    // saving the loaded model again writes the same file
    assertThat(loaded.toJson()).isEqualTo(saved.toJson());
  }

  @Test
  void aCustomersFileRowShouldEncodeAsTheBatchTableDoes() {
    List<String> header = List.of("customer_id", "gender", "tenure", "contract");
    List<Customer> customers = new ArrayList<>();
    String[] contracts = {"Month-to-month", "One year", "Two year", ""};
    for (int i = 0; i < 40; i++) {
      customers.add(
          new Customer(
              CustomerId.of("c" + i),
              null,
              null,
              null,
              null,
              null,
              i % 2 == 0 ? "F" : "M",
              null,
              null,
              i % 7 == 0
                  ? Map.of("contract", contracts[i % 4])
                  : Map.of("tenure", Integer.toString(i), "contract", contracts[i % 4])));
    }
    List<String[]> table =
        customers.stream().map(c -> ChurnFeatures.Columns.cells(c, header)).toList();
    TabularEncoder encoder = TabularEncoder.fit(header, table, header.subList(1, header.size()));
    ChurnData batch = ChurnData.of(encoder, header, table, null);
    ChurnFeatures.Columns saved =
        (ChurnFeatures.Columns)
            roundTrip(new ChurnFeatures.Columns(header, encoder), batch.width()).features();
    assertThat(saved.columns()).isEqualTo(batch.names()).contains("tenure_missing");
    for (int i = 0; i < customers.size(); i++) {
      ChurnData one = saved.row(customers.get(i));
      assertThat(one.groups()).isEqualTo(batch.groups());
      for (int j = 0; j < batch.width(); j++) {
        assertThat(one.get(0, j)).as("customer %d column %d", i, j).isEqualTo(batch.get(i, j));
      }
    }
  }

  @Test
  void aProfileRowShouldBeTheBatchMatrixRow() {
    ProfileSettings settings =
        new ProfileSettings(ZoneOffset.ofHours(9), ProfileSettings.DEFAULT.sessionGap());
    SplittableRandom rnd = new SplittableRandom(3);
    List<CustomerProfile> profiles = new ArrayList<>();
    for (int c = 0; c < 30; c++) {
      CustomerProfile p = new CustomerProfile(CustomerId.of("p" + c), settings);
      for (int k = 0; k < 1 + c % 4; k++) {
        p.add(
            new Order(
                "o" + c + "-" + k,
                p.customerId(),
                DAY.minusDays(rnd.nextInt(300)).atStartOfDay(ZoneOffset.UTC).toInstant(),
                Money.of(10 + rnd.nextInt(200), "USD"),
                OrderStatus.COMPLETED,
                "web",
                null));
      }
      profiles.add(p);
    }
    ProfileTable table = ProfileTable.of(profiles, settings);
    List<String> names = List.of("recency_days", "frequency", "monetary", "orders_90d");
    FeatureMatrix m = FeatureMatrix.build(table, List.of(), names, DAY);
    ChurnData batch = ChurnData.of(m, null);
    ChurnFeatures.Profile saved =
        (ChurnFeatures.Profile)
            roundTrip(new ChurnFeatures.Profile(names, settings), names.size()).features();
    assertThat(saved.settings()).isEqualTo(settings);
    for (int i = 0; i < m.rows(); i++) {
      CustomerProfile p = table.get(m.id(i));
      assertThat(ChurnFeatures.Profile.scores(p.values(DAY))).isTrue();
      ChurnData one = saved.row(p, null, DAY);
      assertThat(one.names()).isEqualTo(batch.names());
      for (int j = 0; j < names.size(); j++) {
        assertThat(one.get(0, j)).isEqualTo(batch.get(i, j));
      }
    }
  }

  @Test
  void aModelHoldingAClassOutsideTheAllowListShouldNotBeRead() throws Exception {
    ChurnData data = ChurnModelsTest.synthetic(12);
    TrainedChurn trained =
        ChurnTrainer.train(
            data,
            ChurnTrainer.Options.defaults(5).withModels(List.of("random_forest")).withFolds(3));
    ObjectMapper json = new ObjectMapper();
    ObjectNode root =
        (ObjectNode)
            json.readTree(new SavedChurn("churn", DAY, 90, SYNTHETIC, trained.scorer()).toJson());
    // a serialised JDK object that is no part of a Smile model
    byte[] other = SmileObjects.write(new java.util.concurrent.atomic.AtomicLong(42));
    ((ObjectNode) root.get("model")).put("forest", Base64.getEncoder().encodeToString(other));
    assertThatThrownBy(() -> SavedChurn.fromJson(json.writeValueAsString(root)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.forest holds a class a saved model may not contain");
    root.put("format_version", 9);
    assertThatThrownBy(() -> SavedChurn.fromJson(json.writeValueAsString(root)))
        .hasMessageContaining("format_version 9 is not supported");
  }

  /** Saves a model with these features (its classifier fitted on random rows) and reads it. */
  private static SavedChurn roundTrip(ChurnFeatures features, int width) {
    SplittableRandom rnd = new SplittableRandom(1);
    double[][] rows = new double[60][width];
    int[] y = new int[60];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < width; j++) {
        rows[i][j] = rnd.nextGaussian();
      }
      y[i] = i % 3 == 0 ? 1 : 0;
    }
    ChurnData data = ChurnData.of(rows, features.columns(), y);
    TrainedChurn t =
        ChurnTrainer.train(
            data, ChurnTrainer.Options.defaults(1).withModels(List.of("logistic")).withFolds(3));
    return SavedChurn.fromJson(new SavedChurn("churn", DAY, 90, features, t.scorer()).toJson());
  }
}
