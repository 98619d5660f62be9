package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.config.ConfigException;
import io.tessera.contract.CustomerId;
import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import io.tessera.profile.ProfileField.Kind;
import io.tessera.segment.ClusteringReport;
import io.tessera.segment.Segment;
import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A clustering read back from its JSON places a new customer exactly as the fitted model does, for
 * every algorithm: k-means and Ward by their centroids, the mixture by its components (posteriors
 * to the same bits), the density methods by their exemplars.
 */
class ClusterModelJsonTest {
  private static final List<String> NAMES = List.of("recency_days", "frequency", "monetary");
  private static final Blobs THREE = Blobs.around(Arrays.copyOf(Blobs.FIVE, 3), 150, 1.2, 21);

  private static ClusterModel fit(Algorithm algorithm) {
    ClusteringOptions options = ClusteringOptions.DEFAULT.withAlgorithm(algorithm).withK(3);
    if (algorithm == Algorithm.DBSCAN || algorithm == Algorithm.HDBSCAN) {
      options = ClusteringOptions.DEFAULT.withAlgorithm(algorithm).withDensity(10, 5, 1.5);
    }
    return Clustering.fit(THREE.rows(), NAMES, options);
  }

  /** New rows near and between the blobs, and far from all of them. */
  private static double[][] probes() {
    SplittableRandom random = new SplittableRandom(99);
    double[][] out = new double[300][3];
    for (double[] row : out) {
      for (int j = 0; j < 3; j++) {
        row[j] = -5 + 20 * random.nextDouble();
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void givenAFittedModel_whenReadBackFromJson_thenEveryNewRowIsAssignedAlike(Algorithm algorithm) {
    ClusterModel model = fit(algorithm);
    ClusterModel back = ClusterModel.fromJson(model.toJson(), "models/clustering.json");

    assertThat(back.k()).isEqualTo(model.k());
    assertThat(back.sizes()).isEqualTo(model.sizes());
    assertThat(back.noise()).isEqualTo(model.noise());
    assertThat(back.options()).isEqualTo(model.options());
    assertThat(back.kSelection()).isEqualTo(model.kSelection());
    assertThat(back.provenance()).isEqualTo(model.provenance());
    int noise = 0;
    for (double[] row : probes()) {
      assertThat(back.assign(row)).as(Arrays.toString(row)).isEqualTo(model.assign(row));
      noise += model.assign(row) == ClusterModel.NOISE ? 1 : 0;
      if (algorithm == Algorithm.GMM) {
        assertThat(back.membershipOf(row)).isEqualTo(model.membershipOf(row));
      }
    }
    if (algorithm == Algorithm.DBSCAN || algorithm == Algorithm.HDBSCAN) {
      // the probes test both sides of the exemplars' reach
      assertThat(noise).isBetween(1, 299);
    }
    assertThat(back.toJson()).isEqualTo(model.toJson());
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"KMEANS", "GMM"})
  void givenAClusteringReport_whenReadBack_thenARawRowLandsInTheSameNamedSegment(
      Algorithm algorithm) {
    ClusterModel model = fit(algorithm);
    List<CustomerId> ids = new ArrayList<>();
    double[][] columns = new double[3][THREE.rows().length];
    for (int i = 0; i < THREE.rows().length; i++) {
      ids.add(CustomerId.of("c" + i));
      for (int j = 0; j < 3; j++) {
        // raw values whose robust scaling the transform undoes: the model sees the scaled rows
        columns[j][i] = 100 + 10 * THREE.rows()[i][j];
      }
    }
    FeatureMatrix raw =
        FeatureMatrix.of(ids, NAMES, List.of(Kind.DAYS, Kind.COUNT, Kind.MONEY), columns);
    FeatureTransform transform = FeatureTransform.fit(raw, TransformOptions.CLUSTERING).transform();
    List<ClusteringReport.SegmentEntry> segments = new ArrayList<>();
    for (int c = 0; c < model.k(); c++) {
      segments.add(
          new ClusteringReport.SegmentEntry(
              "cluster:" + c, model.sizes()[c], new Segment.Text("group " + c, "그룹 " + c)));
    }
    ClusteringReport report =
        new ClusteringReport(
            model,
            Map2D.of(THREE.rows(), Map2D.Method.PCA, 100, 1),
            null,
            ids.size(),
            NAMES,
            transform,
            null,
            segments,
            null);
    ClusteringReport back = ClusteringReport.fromJson(report.toJson(), "clustering.json");

    assertThat(back.segments()).isEqualTo(report.segments());
    assertThat(back.inputFeatures()).isEqualTo(NAMES);
    assertThat(back.map().points()).isEqualTo(report.map().points());
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      double[] row = {
        50 + 150 * random.nextDouble(),
        50 + 150 * random.nextDouble(),
        50 + 150 * random.nextDouble()
      };
      assertThat(back.assignRaw(row)).isEqualTo(report.assignRaw(row));
    }
    assertThat(back.toJson()).isEqualTo(report.toJson());
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"KMEANS"})
  void givenASkippedFileOrAFutureVersion_whenRead_thenTheMessageNamesFileAndKey(Algorithm a) {
    ClusteringReport skipped =
        ClusteringReport.skipped("all 3 customers have the same values", 3, NAMES);
    assertThat(ClusteringReport.fromJson(skipped.toJson(), "c.json")).isEqualTo(skipped);
    assertThatThrownBy(() -> ClusterModel.fromJson(skipped.toJson(), "out/models/clustering.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "out/models/clustering.json: centroids: is missing: the run skipped");
    String future = fit(a).toJson().replace("\"format_version\" : 1", "\"format_version\" : 3");
    assertThatThrownBy(() -> ClusterModel.fromJson(future, "out/models/clustering.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("out/models/clustering.json: format_version: is 3");
  }
}
