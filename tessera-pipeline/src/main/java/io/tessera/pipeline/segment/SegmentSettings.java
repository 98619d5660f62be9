package io.tessera.pipeline.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigBlock;
import io.tessera.config.ConfigException;
import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureSelection;
import io.tessera.segment.cluster.ClusteringOptions;
import io.tessera.segment.cluster.Map2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The segmentation blocks of tessera.yaml, parsed once before any data is read: {@code features}
 * (the clustered feature list), {@code clustering} and {@code report.map}.
 *
 * @param features the feature names, or null for the defaults (FeatureMatrix's, or without events
 *     chosen by a rule)
 * @param clustering the clustering options
 * @param map how the segment map is drawn (umap, tsne or pca)
 */
public record SegmentSettings(
    List<String> features, ClusteringOptions clustering, Map2D.Method map) {

  public SegmentSettings {
    features = features == null ? null : List.copyOf(features);
  }

  /**
   * Parses and checks the blocks of a config's YAML tree (null: the defaults): the clustering
   * block, the map method and the feature names that cannot exist in any data (a name that is
   * neither a profile field nor a {@code category_share:} or {@code attribute:} feature; those two
   * are checked against the data once it is read).
   *
   * @throws ConfigException naming the key and what to write instead
   */
  public static SegmentSettings parse(JsonNode raw) {
    ClusteringOptions clustering = Clusters.options(raw);
    Map2D.Method map = Clusters.mapMethod(raw);
    List<String> names = featureNames(raw);
    if (names != null && names.isEmpty()) {
      throw new ConfigException(
          "features: the list is empty; leave the key out for the defaults ("
              + String.join(", ", FeatureMatrix.DEFAULT_FEATURES)
              + "; without events, chosen by a rule from: "
              + String.join(", ", FeatureSelection.ORDERS_ONLY_CANDIDATES)
              + ")");
    }
    for (String name : names == null ? List.<String>of() : names) {
      boolean known =
          io.tessera.profile.ProfileField.byName(name).isPresent()
              || name.startsWith(io.tessera.feature.Feature.CATEGORY_PREFIX)
              || name.startsWith(io.tessera.feature.Feature.ATTRIBUTE_PREFIX);
      if (!known) {
        throw new ConfigException(
            "features: unknown feature '"
                + name
                + "'; allowed: the profile fields ("
                + java.util.Arrays.stream(io.tessera.profile.ProfileField.values())
                    .map(io.tessera.profile.ProfileField::wireName)
                    .collect(java.util.stream.Collectors.joining(", "))
                + "), category_share:<category> or attribute:<customers column>");
      }
    }
    return new SegmentSettings(names, clustering, map);
  }

  /** The config's feature list, or null for the defaults. */
  private static List<String> featureNames(JsonNode raw) {
    JsonNode node = raw == null ? null : raw.path("features");
    if (ConfigBlock.absent(node)) {
      return null;
    }
    if (!node.isArray()) {
      throw new ConfigException(
          "features must be a list of feature names, e.g. [recency_days, frequency, monetary]");
    }
    List<String> names = new ArrayList<>();
    node.forEach(f -> names.add(f.asText()));
    return names;
  }
}
