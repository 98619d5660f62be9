package io.tessera.report;

import static io.tessera.report.ReportChecks.requireFinite;
import static io.tessera.report.ReportChecks.requireText;

import java.util.Comparator;
import java.util.List;

/**
 * The segmentation part of a {@link ReportModel}: the customers' 2-D map and the choice of the
 * number of clusters. Declared here, as {@link RecommendParts} is, to keep the model's own file to
 * the data and the segments.
 */
public interface SegmentationParts {
  /** At most this many map points are embedded: the map is a sample, not the population. */
  int MAX_MAP_POINTS = 10_000;

  /**
   * A 2-D map of (a sample of) the customers.
   *
   * @param method how the coordinates were made, e.g. PCA or UMAP
   * @param points the points, at most {@link #MAX_MAP_POINTS}
   */
  record SegmentMap(String method, List<MapPoint> points) {
    public SegmentMap {
      requireText(method, "map method");
      points = List.copyOf(points);
      if (points.size() > MAX_MAP_POINTS) {
        throw new IllegalArgumentException(
            "report: the map has "
                + points.size()
                + " points; sample at most "
                + MAX_MAP_POINTS
                + " so the report stays small");
      }
    }
  }

  /** One customer on the map. */
  record MapPoint(double x, double y, String segmentId) {
    public MapPoint {
      requireFinite(x, "map x");
      requireFinite(y, "map y");
      requireText(segmentId, "map point segment id");
    }
  }

  /**
   * The cluster-count selection: the quality indices per k and the k chosen.
   *
   * @param scores one entry per k tried, in increasing k
   * @param chosenK the k chosen; one of the scores' k
   */
  record KSelection(List<KScore> scores, int chosenK) {
    public KSelection {
      scores = scores.stream().sorted(Comparator.comparingInt(KScore::k)).toList();
      if (scores.stream().noneMatch(s -> s.k() == chosenK)) {
        throw new IllegalArgumentException(
            "report: chosen k " + chosenK + " is not among the k tried");
      }
    }
  }

  /**
   * The quality indices of one k (Rousseeuw 1987; Calinski and Harabasz 1974; Davies and Bouldin
   * 1979).
   *
   * @param silhouette mean silhouette in [-1, 1], higher is better
   * @param calinskiHarabasz Calinski-Harabasz index, higher is better
   * @param daviesBouldin Davies-Bouldin index, lower is better
   */
  record KScore(int k, double silhouette, double calinskiHarabasz, double daviesBouldin) {
    public KScore {
      if (k < 2) {
        throw new IllegalArgumentException("report: k must be at least 2, got " + k);
      }
      if (!(silhouette >= -1 && silhouette <= 1)) {
        throw new IllegalArgumentException(
            "report: silhouette at k=" + k + " must be in [-1, 1], got " + silhouette);
      }
      requireFinite(calinskiHarabasz, "Calinski-Harabasz at k=" + k);
      requireFinite(daviesBouldin, "Davies-Bouldin at k=" + k);
    }
  }
}
