package io.tessera.report;

import static io.tessera.report.ReportChecks.requireCount;
import static io.tessera.report.ReportChecks.requireFraction;
import static io.tessera.report.ReportChecks.requireText;

import java.time.LocalDate;
import java.util.List;

/**
 * The recommendation parts of a {@link ReportModel}: the method served, its time-split figures and
 * each segment's most lifted products. {@code ReportModel} implements this interface so that its
 * callers name these types as they always have ({@code ReportModel.Recommendations}, ...); they are
 * declared here to keep the model's own file to the data, the segments and the map.
 */
public interface RecommendParts {
  /**
   * The recommendation stage (models/recommend.json, segments.json's recommend sections).
   *
   * @param method the method served (als, item_cf, popular, segment_popular)
   * @param evaluated whether the time split chose it (else it was configured or the default)
   * @param trainEnd the split's last training day, or null
   * @param testDays the split's test period in days (0 without a split)
   * @param customers customers evaluated (a purchase before and in the test period)
   * @param methods each method's figures on the split (empty without one)
   * @param segments each segment's most lifted products
   */
  public record Recommendations(
      String method,
      boolean evaluated,
      LocalDate trainEnd,
      int testDays,
      long customers,
      List<MethodScore> methods,
      List<SegmentItems> segments) {
    public Recommendations {
      requireText(method, "recommendation method");
      methods = List.copyOf(methods);
      segments = List.copyOf(segments);
    }
  }

  /** One method's time-split figures at 10. */
  public record MethodScore(
      String method, double precision, double recall, double map, double coverage) {
    public MethodScore {
      requireText(method, "method");
      requireFraction(precision, method + " precision");
      requireFraction(recall, method + " recall");
      requireFraction(map, method + " MAP");
      requireFraction(coverage, method + " coverage");
    }
  }

  /** A segment's products to feature, highest lift first. */
  public record SegmentItems(String segmentId, List<LiftedItem> items) {
    public SegmentItems {
      requireText(segmentId, "segment id");
      items = List.copyOf(items);
    }
  }

  /**
   * A product bought by {@code customers} of the segment, {@code lift} times as often as by all.
   */
  public record LiftedItem(String item, long customers, double lift) {
    public LiftedItem {
      requireText(item, "item");
      requireCount(customers, "item " + item + " customers");
      if (!(lift >= 0) || !Double.isFinite(lift)) {
        throw new IllegalArgumentException("report: lift of " + item + " must be >= 0: " + lift);
      }
    }
  }
}
