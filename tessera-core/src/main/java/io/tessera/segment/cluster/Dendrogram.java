package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The merge tree of an agglomerative clustering of {@code leaves} points, in SciPy's linkage
 * convention: leaves are 0..leaves-1, and merge {@code m} creates node {@code leaves + m}.
 *
 * @param leaves how many points were clustered (the fit sample)
 * @param merges the leaves - 1 merges in order, heights non-decreasing for Ward's linkage
 */
public record Dendrogram(
    @JsonProperty("leaves") int leaves, @JsonProperty("merges") List<Merge> merges) {

  /**
   * One merge.
   *
   * @param left a leaf index or an earlier node ({@code leaves + m})
   * @param right the other side
   * @param height the linkage distance at which the two were merged
   * @param size points under the new node
   */
  public record Merge(
      @JsonProperty("left") int left,
      @JsonProperty("right") int right,
      @JsonProperty("height") double height,
      @JsonProperty("size") int size) {}

  public Dendrogram {
    merges = List.copyOf(merges);
  }
}
