package io.tessera.pipeline.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.feature.FeatureMatrix;
import io.tessera.segment.Segment;
import io.tessera.segment.cluster.ClusterModel;
import io.tessera.segment.cluster.Clustering;
import io.tessera.segment.cluster.ClusteringOptions;
import io.tessera.segment.cluster.KScore;
import io.tessera.segment.cluster.Map2D;
import io.tessera.store.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The run's bridge to the clustering package: options from the config, the fit, the noise segment
 * of a density clustering, and the 2-D maps (PCA of everyone, plus UMAP or t-SNE of a sample).
 */
public final class Clusters {
  private Clusters() {}

  /** The id and names of the segment of a density clustering's noise points. */
  public static final String NOISE_ID = "cluster:unusual";

  public static final Segment.Text NOISE_NAME = new Segment.Text("unusual customers", "특이 고객");

  /**
   * A fitted clustering as the run uses it.
   *
   * @param model the fitted model
   * @param segmentIds segment ids, by segment index (the clusters, then the noise segment if any)
   * @param segmentIndex each row's segment index
   * @param fixedNames given names (the noise segment), by segment index
   * @param maps the map shown in the report (UMAP, t-SNE or PCA) and the PCA map, drawn on their
   *     own thread: {@link #map()} and {@link #pca()} wait for them
   */
  public record Fit(
      ClusterModel model,
      List<String> segmentIds,
      int[] segmentIndex,
      Map<Integer, Segment.Text> fixedNames,
      CompletableFuture<Map2D[]> maps) {
    /** The map shown in the report (null below three rows); waits until it is drawn. */
    public Map2D map() {
      return maps.join()[0];
    }

    /** The PCA map (null below three rows); waits until it is drawn. */
    public Map2D pca() {
      return maps.join()[1];
    }

    public List<KScore> kScores() {
      return model.kSelection();
    }

    public int chosenK() {
      return model.k();
    }
  }

  /** Reads the clustering options of a config: the {@code clustering:} block. */
  public static ClusteringOptions options(JsonNode config) {
    try {
      return ClusteringOptions.fromConfig(config == null ? null : config.path("clustering"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Reads {@code report.map} (umap, tsne or pca; default umap). */
  public static Map2D.Method mapMethod(JsonNode config) {
    String value =
        config == null
            ? "umap"
            : config.path("report").path("map").asText("umap").strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "umap" -> Map2D.Method.UMAP;
      case "tsne", "t-sne" -> Map2D.Method.TSNE;
      case "pca" -> Map2D.Method.PCA;
      default ->
          throw new ConfigException("report.map must be umap, tsne or pca, got '" + value + "'");
    };
  }

  /**
   * Fits the clustering of the scaled features and draws the map by {@code method}. The maps do not
   * depend on the partition and only the outputs read them, so they are drawn on their own thread,
   * started once k is chosen, beside the stages that follow (the run's churn and recommendations):
   * the k choice, which every later stage waits for, keeps both cores, where a map drawn beside it
   * took a third of them (README, "Benchmarks", seventeenth session). The fit returns when the
   * partition is chosen.
   */
  public static Fit fit(FeatureMatrix scaled, ClusteringOptions options, Map2D.Method method) {
    double[][] rows = scaled.toRowMajor();
    ClusterModel model;
    try {
      model = Clustering.fit(rows, scaled.names(), options);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("clustering: " + e.getMessage());
    }
    // UMAP's optimisation is one seeded sequential pass, so the map is the same on any thread
    CompletableFuture<Map2D[]> maps =
        CompletableFuture.supplyAsync(
            () -> maps(rows, method, options.seed()),
            task -> Thread.ofPlatform().daemon().name("tessera-map").start(task));
    int k = model.k();
    List<String> ids = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      ids.add("cluster:" + c);
    }
    int[] labels = model.labels();
    int[] index = new int[labels.length];
    Map<Integer, Segment.Text> fixed = Map.of();
    if (model.noise() > 0) {
      ids.add(NOISE_ID);
      fixed = Map.of(k, NOISE_NAME);
    }
    for (int i = 0; i < labels.length; i++) {
      index[i] = labels[i] == ClusterModel.NOISE ? k : labels[i];
    }
    return new Fit(model, ids, index, fixed, maps);
  }

  /** The configured map and the PCA map (both null below three rows). */
  private static Map2D[] maps(double[][] rows, Map2D.Method method, long seed) {
    Map2D pca = null;
    Map2D map = null;
    if (rows.length >= 3) {
      pca = project(rows, Map2D.Method.PCA, seed);
      map = method == Map2D.Method.PCA ? pca : project(rows, method, seed);
      if (map == null) {
        map = pca;
      }
    }
    return new Map2D[] {map, pca};
  }

  /**
   * A map, or null when it cannot be drawn: the run goes on without that map
   * (models/clustering.json then has none) rather than failing. All three methods are pure Java (no
   * native library), so this guards only against rows a method cannot handle; t-SNE is then tried
   * in its place.
   */
  private static Map2D project(double[][] rows, Map2D.Method method, long seed) {
    try {
      return Map2D.of(rows, method, Map2D.DEFAULT_SAMPLE, seed);
    } catch (RuntimeException e) {
      if (method != Map2D.Method.TSNE) {
        try {
          return Map2D.of(rows, Map2D.Method.TSNE, Map2D.DEFAULT_SAMPLE, seed);
        } catch (RuntimeException again) {
          return null;
        }
      }
      return null;
    }
  }
}
