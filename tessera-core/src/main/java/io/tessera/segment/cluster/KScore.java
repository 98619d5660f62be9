package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The validity indices of one candidate k, as reported in {@code k_selection}.
 *
 * @param k the number of clusters
 * @param silhouette mean silhouette width on the seeded sample, in [-1, 1]; higher is better
 * @param calinskiHarabasz variance ratio; higher is better
 * @param daviesBouldin mean worst-case cluster similarity; lower is better
 */
public record KScore(
    @JsonProperty("k") int k,
    @JsonProperty("silhouette") double silhouette,
    @JsonProperty("calinski_harabasz") double calinskiHarabasz,
    @JsonProperty("davies_bouldin") double daviesBouldin) {}
