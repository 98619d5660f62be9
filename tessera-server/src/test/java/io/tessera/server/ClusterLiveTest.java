package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.contract.CustomerId;
import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import io.tessera.profile.ProfileField;
import io.tessera.segment.cluster.ClusterModel;
import io.tessera.segment.cluster.Clustering;
import io.tessera.segment.cluster.ClusteringOptions;
import io.tessera.segment.live.NearestCentroid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The last trained clustering in the live engine: each event re-evaluates the nearest cluster. */
class ClusterLiveTest {
  private static final List<ProfileField> FIELDS =
      List.of(ProfileField.RECENCY_DAYS, ProfileField.FREQUENCY, ProfileField.MONETARY);

  @RegisterExtension final LiveServer live = new LiveServer();

  /** A clustering.json as a run writes it: small spenders and big spenders. */
  static String model() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    int n = 200;
    double[][] columns = new double[3][n];
    List<CustomerId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(CustomerId.of("t" + i));
      boolean big = i % 2 == 0;
      columns[0][i] = random.nextInt(3);
      columns[1][i] = 1 + random.nextInt(2);
      columns[2][i] = big ? 40_000 + random.nextInt(20_000) : 5 + random.nextInt(20);
    }
    FeatureMatrix raw =
        FeatureMatrix.of(
            ids,
            FIELDS.stream().map(ProfileField::wireName).toList(),
            FIELDS.stream().map(ProfileField::kind).toList(),
            columns);
    FeatureTransform.Fitted fitted = FeatureTransform.fit(raw, TransformOptions.DEFAULT);
    ClusterModel model =
        Clustering.fit(
            fitted.matrix().toRowMajor(),
            fitted.matrix().names(),
            ClusteringOptions.DEFAULT.withK(2));
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(model.toJson());
    root.set("transform", json.readTree(fitted.transform().toJson()));
    var segs = root.putArray("segments");
    for (int c = 0; c < 2; c++) {
      segs.addObject()
          .put("id", "cluster:" + c)
          .putObject("name")
          .put("en", "cluster " + c + " name")
          .put("ko", "군집 " + c);
    }
    return json.writeValueAsString(root);
  }

  private void order(String messageId, String user, double revenue) {
    Client.Response r =
        live.client()
            .collect(
                "track",
                "{\"messageId\":\""
                    + messageId
                    + "\",\"userId\":\""
                    + user
                    + "\",\"event\":\"Order Completed\",\"timestamp\":\""
                    + Instant.now()
                    + "\",\"properties\":{\"order_id\":\"o-"
                    + messageId
                    + "\",\"revenue\":"
                    + revenue
                    + "}}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void givenALoadedClustering_whenAnOrderArrives_thenTheCustomerEntersTheNearestCluster()
      throws Exception {
    String json = model();
    NearestCentroid nearest = NearestCentroid.fromJson(json);
    String bigCluster = nearest.assignRaw(new double[] {0, 1, 50_000}).segmentId();
    String smallCluster = nearest.assignRaw(new double[] {0, 1, 12}).segmentId();
    assertThat(bigCluster).isNotEqualTo(smallCluster);

    assertThat(live.server().engine().useClustering(json).get()).isEqualTo(2);
    order("e-1", "bigspender", 50_000);
    order("e-2", "smallspender", 12);

    JsonNode big = live.client().get("/api/v1/customers/bigspender", Client.ADMIN).json();
    assertThat(big.get("segments").toString()).contains(bigCluster).doesNotContain(smallCluster);
    JsonNode small = live.client().get("/api/v1/customers/smallspender", Client.ADMIN).json();
    assertThat(small.get("segments").toString()).contains(smallCluster);

    JsonNode history =
        live.client()
            .get("/api/v1/customers/bigspender/history", Client.ADMIN)
            .json()
            .get("changes");
    assertThat(history.toString()).contains(bigCluster);
    JsonNode entered = null;
    for (JsonNode c : history) {
      if (c.get("segment_id").asText().equals(bigCluster)) {
        entered = c;
      }
    }
    assertThat(entered.get("change").asText()).isEqualTo("entered");
    assertThat(entered.get("cause_event_id").asText()).isEqualTo("e-1");

    JsonNode segments = live.client().get("/api/v1/segments", Client.ADMIN).json();
    assertThat(segments.toString()).contains("cluster " + bigCluster.substring(8) + " name");

    // the model is stored: a restart keeps it
    live.restart();
    assertThat(live.server().engine().clusteringModel()).isNotNull();
    assertThat(live.server().engine().clusteringModel().k()).isEqualTo(2);
  }
}
