package io.tessera.report;

import static io.tessera.report.ReportChecks.requireCount;
import static io.tessera.report.ReportChecks.requireFinite;
import static io.tessera.report.ReportChecks.requireFraction;
import static io.tessera.report.ReportChecks.requireText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import io.tessera.ingest.DataHealth;
import io.tessera.segment.DistinguishingFeature;
import io.tessera.segment.Segment;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the HTML report shows, and nothing else: the report's own input model, filled by the
 * run from its results. The report embeds this model as JSON (snake_case keys, {@code
 * format_version} 1; see {@link ReportJson}) and draws its charts from it.
 *
 * <p>The RFM grid, the map, the k-selection curves and the predictions are optional (null when the
 * run did not produce them) and their sections are left out of the report; a stage that had nothing
 * to work on is listed in {@code skipped} with its reason, and the report says so. Every value is
 * checked here, so a report can never show a share above 100% or a map point of an unknown segment.
 *
 * @param run what was analysed, when, and the headline totals
 * @param dataHealth rows read, accepted and quarantined per source
 * @param rfmGrid the R x F grid of customer counts with the group shown in each cell
 * @param segments the segments in display order (the map and the predictions refer to their ids)
 * @param map the 2-D map of customers coloured by segment, or null
 * @param kSelection the cluster-count selection curves, or null
 * @param predictions the prediction sections, or null
 * @param skipped the stages that had nothing to work on and why (empty when every stage ran)
 * @param recommendations the recommendation stage's method, time-split figures and each segment's
 *     most lifted products, or null
 * @param texts what customers write: sentiment methods, complaints, topics, per segment; or null
 * @param identity the identity stage's links, blocks and threshold curve, or null
 */
@JsonPropertyOrder({"format_version"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportModel(
    RunInfo run,
    DataHealthSummary dataHealth,
    RfmGrid rfmGrid,
    List<SegmentRow> segments,
    SegmentMap map,
    KSelection kSelection,
    Predictions predictions,
    List<SkippedStage> skipped,
    Recommendations recommendations,
    Texts texts,
    Identity identity)
    implements PredictionParts, RecommendParts, TextParts, IdentityParts, SegmentationParts {

  /** Version of the embedded JSON; bump it on an incompatible change of its shape. */
  public static final int FORMAT_VERSION = 1;

  public ReportModel {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(dataHealth, "dataHealth");
    segments = List.copyOf(segments);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    if (segments.isEmpty() && skipped.isEmpty()) {
      throw new IllegalArgumentException(
          "report: no segments to show and no skipped stage saying why");
    }
    Set<String> ids = new HashSet<>();
    for (SegmentRow s : segments) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("report: segment id '" + s.id() + "' appears twice");
      }
    }
    if (map != null) {
      for (MapPoint p : map.points()) {
        requireKnown(ids, p.segmentId(), "map point");
      }
    }
    if (predictions != null && predictions.clv() != null) {
      for (ClvBox box : predictions.clv().segments()) {
        requireKnown(ids, box.segmentId(), "CLV distribution");
      }
    }
    if (recommendations != null) {
      for (SegmentItems s : recommendations.segments()) {
        requireKnown(ids, s.segmentId(), "recommendations");
      }
    }
    if (texts != null) {
      for (SegmentTexts s : texts.segments()) {
        requireKnown(ids, s.segmentId(), "texts");
      }
    }
  }

  /** A report without a text or identity section. */
  public ReportModel(
      RunInfo run,
      DataHealthSummary dataHealth,
      RfmGrid rfmGrid,
      List<SegmentRow> segments,
      SegmentMap map,
      KSelection kSelection,
      Predictions predictions,
      List<SkippedStage> skipped,
      Recommendations recommendations) {
    this(
        run,
        dataHealth,
        rfmGrid,
        segments,
        map,
        kSelection,
        predictions,
        skipped,
        recommendations,
        null,
        null);
  }

  /** This report with {@code t} as its text section (null: none). */
  public ReportModel withTexts(Texts t) {
    return withSections(recommendations, t, identity);
  }

  /** This report with {@code r} as its recommendations section (null: none). */
  public ReportModel withRecommendations(Recommendations r) {
    return withSections(r, texts, identity);
  }

  /** This report with {@code i} as its identity section (null: none). */
  public ReportModel withIdentity(Identity i) {
    return withSections(recommendations, texts, i);
  }

  /** This report with {@code p} as its predictions part (null: none). */
  public ReportModel withPredictions(Predictions p) {
    return new ReportModel(
        run,
        dataHealth,
        rfmGrid,
        segments,
        map,
        kSelection,
        p,
        skipped,
        recommendations,
        texts,
        identity);
  }

  /** This report's data and segments with these optional sections. */
  private ReportModel withSections(Recommendations r, Texts t, Identity i) {
    return new ReportModel(
        run, dataHealth, rfmGrid, segments, map, kSelection, predictions, skipped, r, t, i);
  }

  /** A report without a recommendations, text or identity section. */
  public ReportModel(
      RunInfo run,
      DataHealthSummary dataHealth,
      RfmGrid rfmGrid,
      List<SegmentRow> segments,
      SegmentMap map,
      KSelection kSelection,
      Predictions predictions,
      List<SkippedStage> skipped) {
    this(run, dataHealth, rfmGrid, segments, map, kSelection, predictions, skipped, null);
  }

  /** The version of the embedded JSON, always {@link #FORMAT_VERSION}. */
  @JsonProperty("format_version")
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  /** The segment with this id. */
  public SegmentRow segment(String id) {
    return segments.stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("report: no segment '" + id + "'"));
  }

  private static void requireKnown(Set<String> ids, String id, String where) {
    if (!ids.contains(id)) {
      throw new IllegalArgumentException(
          "report: " + where + " refers to segment '" + id + "', which is not among the segments");
    }
  }

  /**
   * A stage of the run that had nothing to work on.
   *
   * @param stage the stage's key: rfm, clv, clustering or churn
   * @param reason why, in both languages
   */
  public record SkippedStage(String stage, Text reason) {
    public SkippedStage {
      requireText(stage, "skipped stage");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A text in English and Korean. */
  public record Text(String en, String ko) {
    public Text {
      requireText(en, "English text");
      requireText(ko, "Korean text");
    }

    /** The same text in both languages (a code, a number, a brand). */
    public static Text both(String text) {
      return new Text(text, text);
    }

    /** The text in a language. */
    public String in(Lang lang) {
      return lang == Lang.KO ? ko : en;
    }
  }

  /**
   * What was analysed and the headline totals.
   *
   * @param title the report's title (e.g. the shop's name)
   * @param asOf the date the analysis looks back from
   * @param generatedAt when the report was made
   * @param currency ISO 4217 code of every money figure
   * @param customers customers seen in the data
   * @param segmentedCustomers customers profiled and segmented
   * @param excludedCustomers customers left out (no consent to profiling)
   * @param totalRevenue revenue of the segmented customers, in {@code currency}
   * @param inputs the files or queries read
   */
  public record RunInfo(
      String title,
      LocalDate asOf,
      Instant generatedAt,
      String currency,
      long customers,
      long segmentedCustomers,
      long excludedCustomers,
      double totalRevenue,
      List<InputSummary> inputs) {
    public RunInfo {
      requireText(title, "title");
      Objects.requireNonNull(asOf, "asOf");
      Objects.requireNonNull(generatedAt, "generatedAt");
      if (currency == null || !io.tessera.contract.Money.isCurrencyCode(currency)) {
        throw new IllegalArgumentException(
            "report: currency must be an ISO 4217 code such as EUR or KRW, got '" + currency + "'");
      }
      requireCount(customers, "customers");
      requireCount(segmentedCustomers, "segmented customers");
      requireCount(excludedCustomers, "excluded customers");
      if (segmentedCustomers + excludedCustomers > customers) {
        throw new IllegalArgumentException(
            "report: segmented ("
                + segmentedCustomers
                + ") plus excluded ("
                + excludedCustomers
                + ") customers exceed all customers ("
                + customers
                + ")");
      }
      requireFinite(totalRevenue, "total revenue");
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * One input of the run.
   *
   * @param source the contract source it fed (orders, customers, ...)
   * @param location the file name or a short description of the query
   * @param rows rows read
   */
  public record InputSummary(String source, String location, long rows) {
    public InputSummary {
      requireText(source, "input source");
      requireText(location, "input location");
      requireCount(rows, "input rows");
    }
  }

  /** Rows read, accepted and quarantined per source, in the contract's source order. */
  public record DataHealthSummary(List<SourceHealth> sources) {
    public DataHealthSummary {
      sources = List.copyOf(sources);
    }

    /**
     * The summary of an ingestion's data health, with each source's most frequent quarantine
     * reasons.
     *
     * @param health the ingestion's data_health
     * @param topReasons how many reasons to keep per source
     */
    public static DataHealthSummary from(DataHealth health, int topReasons) {
      return new DataHealthSummary(
          health.sources().entrySet().stream()
              .map(
                  e ->
                      new SourceHealth(
                          e.getKey(),
                          e.getValue().rowsRead(),
                          e.getValue().rowsAccepted(),
                          e.getValue().rowsQuarantined(),
                          e.getValue().quarantinedByReason().entrySet().stream()
                              .sorted(
                                  Map.Entry.<String, Long>comparingByValue()
                                      .reversed()
                                      .thenComparing(Map.Entry.comparingByKey()))
                              .limit(topReasons)
                              .map(r -> new ReasonCount(r.getKey(), r.getValue()))
                              .toList()))
              .toList());
    }
  }

  /**
   * One source's row counts; {@code rowsRead = rowsAccepted + rowsQuarantined}.
   *
   * @param topReasons the most frequent quarantine reasons, most frequent first
   */
  public record SourceHealth(
      String source,
      long rowsRead,
      long rowsAccepted,
      long rowsQuarantined,
      List<ReasonCount> topReasons) {
    public SourceHealth {
      requireText(source, "source");
      requireCount(rowsAccepted, source + " rows accepted");
      requireCount(rowsQuarantined, source + " rows quarantined");
      if (rowsRead != rowsAccepted + rowsQuarantined) {
        throw new IllegalArgumentException(
            "report: "
                + source
                + " rows do not reconcile: read "
                + rowsRead
                + " != accepted "
                + rowsAccepted
                + " + quarantined "
                + rowsQuarantined);
      }
      topReasons = List.copyOf(topReasons);
    }
  }

  /** A quarantine reason (its wire name, e.g. {@code unparseable_date}) and its row count. */
  public record ReasonCount(String reason, long rows) {
    public ReasonCount {
      requireText(reason, "quarantine reason");
      requireCount(rows, "rows of reason " + reason);
    }
  }

  /**
   * The RFM grid: customers per recency score x frequency score, 25 cells.
   *
   * @param cells one cell per (recency, frequency) pair, each exactly once
   */
  public record RfmGrid(List<RfmCell> cells) {
    public RfmGrid {
      cells =
          cells.stream()
              .sorted(
                  Comparator.comparingInt(RfmCell::recency).thenComparingInt(RfmCell::frequency))
              .toList();
      Set<Integer> seen = new HashSet<>();
      for (RfmCell c : cells) {
        if (!seen.add(c.recency() * 10 + c.frequency())) {
          throw new IllegalArgumentException(
              "report: RFM cell R=" + c.recency() + " F=" + c.frequency() + " appears twice");
        }
      }
      if (cells.size() != 25) {
        throw new IllegalArgumentException(
            "report: the RFM grid needs all 25 cells (R and F scores 1-5), got " + cells.size());
      }
    }
  }

  /**
   * One cell of the RFM grid.
   *
   * @param recency recency score 1-5 (5 = bought most recently)
   * @param frequency frequency score 1-5 (5 = buys most often)
   * @param customers customers in the cell
   * @param groupId the id of the RFM group shown in the cell (where the monetary score splits a
   *     cell, the group with most of its customers)
   * @param groupName that group's name
   */
  public record RfmCell(
      int recency, int frequency, long customers, String groupId, Text groupName) {
    public RfmCell {
      if (recency < 1 || recency > 5 || frequency < 1 || frequency > 5) {
        throw new IllegalArgumentException(
            "report: RFM scores must be 1-5, got R=" + recency + " F=" + frequency);
      }
      requireCount(customers, "RFM cell customers");
      requireText(groupId, "RFM group id");
      Objects.requireNonNull(groupName, "groupName");
    }
  }

  /** The kind of a segment. */
  public enum SegmentKind {
    RFM,
    CLUSTER,
    RULE;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a wire name (rfm, cluster, rule). */
    public static SegmentKind of(String wireName) {
      for (SegmentKind k : values()) {
        if (k.wireName().equals(wireName)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown segment kind '" + wireName + "': allowed values are rfm, cluster, rule");
    }
  }

  /** Where a segment stands in the customer journey. */
  public enum JourneyStage {
    ACQUISITION,
    CONVERSION,
    RETENTION;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The stage for a wire name (acquisition, conversion, retention). */
    public static JourneyStage of(String wireName) {
      for (JourneyStage s : values()) {
        if (s.wireName().equals(wireName)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown journey stage '"
              + wireName
              + "': allowed values are acquisition, conversion, retention");
    }
  }

  /**
   * One segment: its size and value, profile and recommended actions.
   *
   * @param id stable id, e.g. {@code rfm:vip} or {@code cluster:3}
   * @param kind rfm, cluster or rule
   * @param name the segment's name
   * @param size customers in the segment
   * @param share size / all segmented customers, in [0, 1]
   * @param revenueShare the segment's revenue / all revenue, in [0, 1]
   * @param journeyStage acquisition, conversion or retention
   * @param kpis the segment's key figures, in display order
   * @param topFeatures the features that set it apart, strongest first
   * @param actions recommended actions
   */
  public record SegmentRow(
      String id,
      SegmentKind kind,
      Text name,
      long size,
      double share,
      double revenueShare,
      JourneyStage journeyStage,
      List<Kpi> kpis,
      List<Feature> topFeatures,
      List<Text> actions) {
    public SegmentRow {
      requireText(id, "segment id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(journeyStage, "journeyStage");
      requireCount(size, "segment " + id + " size");
      requireFraction(share, "segment " + id + " share");
      requireFraction(revenueShare, "segment " + id + " revenue share");
      kpis = List.copyOf(kpis);
      topFeatures = List.copyOf(topFeatures);
      actions = List.copyOf(actions);
    }

    /**
     * The row of a catalog segment, with the given KPIs and at most {@code topFeatures} of its
     * distinguishing features (labelled by their names).
     */
    public static SegmentRow from(Segment segment, List<Kpi> kpis, int topFeatures) {
      return new SegmentRow(
          segment.id(),
          SegmentKind.of(segment.kind().wireName()),
          new Text(segment.name().en(), segment.name().ko()),
          segment.size(),
          segment.share(),
          segment.revenueShare(),
          JourneyStage.of(segment.journeyStage()),
          kpis,
          segment.distinguishingFeatures().stream()
              .limit(topFeatures)
              .map(ReportModel::feature)
              .toList(),
          segment.actions().stream().map(a -> new Text(a.en(), a.ko())).toList());
    }
  }

  private static Feature feature(DistinguishingFeature f) {
    return new Feature(
        f.feature(), Text.both(f.feature()), f.segmentValue(), f.populationValue(), f.lift());
  }

  /** How a KPI's value is written. */
  public enum KpiFormat {
    /** A whole number of things (orders, customers). */
    COUNT,
    /** An amount in the run's currency. */
    MONEY,
    /** A fraction in [0, 1], written as a percentage. */
    PERCENT,
    /** A number of days. */
    DAYS,
    /** Any other number, two decimals at most. */
    NUMBER;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A key figure of a segment, e.g. average order value.
   *
   * @param key a stable key, e.g. {@code avg_order_value}
   * @param label the figure's name
   * @param value its value (a fraction for {@link KpiFormat#PERCENT})
   * @param format how to write it
   */
  public record Kpi(String key, Text label, double value, KpiFormat format) {
    public Kpi {
      requireText(key, "KPI key");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(format, "format");
      requireFinite(value, "KPI " + key);
    }
  }

  /**
   * A feature that sets a segment apart.
   *
   * @param feature the feature's column name
   * @param label its readable name
   * @param segmentValue the segment's mean
   * @param populationValue the population's mean
   * @param lift segment mean / population mean
   */
  public record Feature(
      String feature, Text label, double segmentValue, double populationValue, double lift) {
    public Feature {
      requireText(feature, "feature name");
      Objects.requireNonNull(label, "label");
      requireFinite(segmentValue, "feature " + feature + " segment value");
      requireFinite(populationValue, "feature " + feature + " population value");
      requireFinite(lift, "feature " + feature + " lift");
    }
  }
}
