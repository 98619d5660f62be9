package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The criteria of one candidate k, as reported in {@code k_selection} (see {@link KSelection} for
 * how they decide k). The criteria that need refits are null where they were not computed.
 *
 * @param k the number of clusters
 * @param silhouette mean silhouette width on the seeded sample, in [-1, 1]; higher is better
 * @param calinskiHarabasz variance ratio; higher is better
 * @param daviesBouldin mean worst-case cluster similarity; lower is better
 * @param gap Tibshirani's gap statistic (k-means on a seeded sample against uniform references in
 *     the sample's principal-component box); higher is better
 * @param gapSe the gap's standard error s_k
 * @param stability mean adjusted Rand index between k-means fits on pairs of 80% subsamples, in
 *     [-1, 1]; 1 is a partition that does not depend on which customers it was fitted on
 * @param bic Bayesian information criterion, lower is better: of the fitted mixture for {@code
 *     gmm}, else of the partition as spherical Gaussians with a shared variance (X-means)
 * @param smallestShare the smallest cluster's share of the customers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KScore(
    @JsonProperty("k") int k,
    @JsonProperty("silhouette") double silhouette,
    @JsonProperty("calinski_harabasz") double calinskiHarabasz,
    @JsonProperty("davies_bouldin") double daviesBouldin,
    @JsonProperty("gap") Double gap,
    @JsonProperty("gap_se") Double gapSe,
    @JsonProperty("stability") Double stability,
    @JsonProperty("bic") Double bic,
    @JsonProperty("smallest_share") Double smallestShare) {

  /** The three internal indices only (the criteria of a k chosen without refits). */
  public KScore(int k, double silhouette, double calinskiHarabasz, double daviesBouldin) {
    this(k, silhouette, calinskiHarabasz, daviesBouldin, null, null, null, null, null);
  }
}
