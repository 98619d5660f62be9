package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.contract.CustomerId;
import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import io.tessera.profile.ProfileField;
import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import io.tessera.segment.live.NearestCentroid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearestCentroidTest {
  private static final List<ProfileField> FIELDS =
      List.of(ProfileField.RECENCY_DAYS, ProfileField.FREQUENCY, ProfileField.MONETARY);

  @Test
  void givenTheRunsModelFile_whenAssigningEachTrainingRow_thenEqualsTheModelsLabel()
      throws Exception {
    for (Algorithm algorithm : List.of(Algorithm.KMEANS, Algorithm.WARD)) {
      Blobs blobs = Blobs.around(Blobs.FIVE, 60, 1.5, 7);
      double[][] rows = blobs.rows();
      int n = rows.length;
      double[][] columns = new double[3][n];
      List<CustomerId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(CustomerId.of("c" + i));
        for (int j = 0; j < 3; j++) {
          columns[j][i] = 5 + rows[i][j] * (j + 1);
        }
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
              ClusteringOptions.DEFAULT.withAlgorithm(algorithm).withK(5));
      // the shape SegmentStage.writeModel gives models/clustering.json
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = (ObjectNode) json.readTree(model.toJson());
      root.set("transform", json.readTree(fitted.transform().toJson()));
      var segs = root.putArray("segments");
      for (int c = 0; c < model.k(); c++) {
        segs.addObject()
            .put("id", "cluster:" + c)
            .putObject("name")
            .put("en", "group " + c)
            .put("ko", "그룹 " + c);
      }

      NearestCentroid nearest = NearestCentroid.fromJson(json.writeValueAsString(root));

      assertThat(nearest.k()).isEqualTo(5);
      assertThat(nearest.inputNames()).containsExactly("recency_days", "frequency", "monetary");
      double[][] transformed = fitted.matrix().toRowMajor();
      for (int i = 0; i < n; i++) {
        double[] row = {columns[0][i], columns[1][i], columns[2][i]};
        NearestCentroid.Assignment a = nearest.assignRaw(row);
        // k-means labels are nearest-centroid by construction; Ward's tree cut need not be, so
        // there the reference is the model's own live assignment
        int expected =
            algorithm == Algorithm.KMEANS ? model.label(i) : model.assign(transformed[i]);
        assertThat(a.label()).as("%s row %d", algorithm, i).isEqualTo(expected);
        assertThat(a.segmentId()).isEqualTo("cluster:" + expected);
        assertThat(a.name().en()).isEqualTo("group " + expected);
      }
    }
  }

  @Test
  void aFileWithoutCentroidsIsRefusedByName() {
    assertThatThrownBy(() -> NearestCentroid.fromJson("{\"k\": 3}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("centroids");
  }
}
