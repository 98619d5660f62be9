package io.tessera.segment.profile;

import io.tessera.feature.FeatureMatrix;
import io.tessera.reason.Reasons;
import io.tessera.segment.DistinguishingFeature;
import io.tessera.segment.Segment;
import io.tessera.segment.Segment.Text;
import io.tessera.segment.rfm.JourneyStage;
import io.tessera.segment.rfm.RfmGroup;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Describes the segments of a partition of customers: for each, its size, shares, distinguishing
 * features, a name from its strongest traits (worded by {@link SegmentName}), its journey stage and
 * actions; and for each customer the two or three traits of their segment that they share.
 *
 * <p>Traits are ranked by the standardized difference of the segment's mean from the population's
 * in the model's own (transformed, robust-scaled) space, so a few extreme spenders cannot make a
 * feature look distinguishing; the values shown are the raw means (NaN-free: a customer without a
 * value for a feature does not count for it).
 */
public final class SegmentDescriber {
  /** A trait must differ by at least this many standard deviations to name a segment. */
  public static final double NAME_THRESHOLD = 0.5;

  /** A member's value must differ by at least this much, the same way, to be a reason. */
  static final double REASON_THRESHOLD = 0.25;

  private SegmentDescriber() {}

  /**
   * What to describe.
   *
   * @param kind the kind of the segments
   * @param ids the segment ids, one per label {@code 0..ids.size()-1}
   * @param labels each row's segment index
   * @param fixedNames names that are given rather than generated (e.g. the noise segment of a
   *     density clustering), by segment index
   * @param display the raw features, for the values shown
   * @param scaled the transformed features the segments were found in (same rows)
   * @param revenue each row's revenue up to the as-of date
   * @param rfm each row's RFM group, null for a customer without a purchase
   */
  public record Input(
      Segment.Kind kind,
      List<String> ids,
      int[] labels,
      Map<Integer, Text> fixedNames,
      FeatureMatrix display,
      FeatureMatrix scaled,
      double[] revenue,
      RfmGroup[] rfm) {
    public Input {
      ids = List.copyOf(ids);
      fixedNames = Map.copyOf(fixedNames);
      Objects.requireNonNull(display, "display");
      Objects.requireNonNull(scaled, "scaled");
      int n = labels.length;
      if (display.rows() != n || scaled.rows() != n || revenue.length != n || rfm.length != n) {
        throw new IllegalArgumentException(
            "segment description: rows disagree (labels "
                + n
                + ", display "
                + display.rows()
                + ", scaled "
                + scaled.rows()
                + ", revenue "
                + revenue.length
                + ", rfm "
                + rfm.length
                + ")");
      }
      for (int label : labels) {
        if (label < 0 || label >= ids.size()) {
          throw new IllegalArgumentException(
              "segment description: label " + label + " outside 0.." + (ids.size() - 1));
        }
      }
    }
  }

  /**
   * The description.
   *
   * @param segments one per segment index, in index order (empty segments included, size 0)
   * @param reasonLists each row's reasons, most distinctive first
   * @param traits each segment's ranked traits (strongest first)
   */
  public record Described(
      List<Segment> segments, List<List<String>> reasonLists, List<List<Trait>> traits) {
    /** Each row's reasons as one text, {@code "; "}-separated ({@link Reasons#cell()}). */
    public List<String> reasons() {
      return reasonLists.stream().map(r -> Reasons.of(r, List.of()).cell()).toList();
    }
  }

  /**
   * The clustered columns as the description reads them: each in the model's scaled space (for
   * ranking) and as shown (raw when the display matrix has it), with their population means.
   */
  private record Columns(
      List<String> names,
      double[][] scaled,
      double[] scaledMean,
      double[] scaledSd,
      double[][] shown,
      double[] shownMean) {
    static Columns of(Input in) {
      List<String> names = in.scaled().names();
      int p = names.size();
      double[][] scaled = new double[p][];
      double[] scaledMean = new double[p];
      double[] scaledSd = new double[p];
      double[][] shown = new double[p][];
      double[] shownMean = new double[p];
      for (int j = 0; j < p; j++) {
        scaled[j] = in.scaled().column(j);
        double[] ms = meanSd(scaled[j], null);
        scaledMean[j] = ms[0];
        scaledSd[j] = ms[1];
        int raw = in.display().indexOf(names.get(j));
        shown[j] = raw >= 0 ? in.display().column(raw) : scaled[j];
        shownMean[j] = meanSd(shown[j], null)[0];
      }
      return new Columns(names, scaled, scaledMean, scaledSd, shown, shownMean);
    }
  }

  /** Describes every segment of the input. */
  public static Described describe(Input in) {
    int n = in.labels().length;
    int k = in.ids().size();
    Columns cols = Columns.of(in);
    int p = cols.names().size();
    double totalRevenue = Arrays.stream(in.revenue()).sum();
    List<Segment> segments = new ArrayList<>(k);
    List<List<Trait>> traits = new ArrayList<>(k);
    double[][] strength = new double[k][p];
    Set<String> usedNames = new HashSet<>();
    for (int s = 0; s < k; s++) {
      List<Trait> ranked = new ArrayList<>();
      segments.add(segment(in, s, cols, totalRevenue, strength[s], ranked, usedNames));
      traits.add(ranked);
    }
    // what every row of a segment shares: its features strongest first, and each feature's mean
    // as written; the rows' reasons depend on nothing else, so they are made on every core, in
    // row order
    int[][] strongest = new int[k][];
    for (int s = 0; s < k; s++) {
      strongest[s] = strongestFirst(strength[s]);
    }
    String[] meanShown = new String[p];
    for (int j = 0; j < p; j++) {
      meanShown[j] = number(cols.shownMean()[j]);
    }
    List<List<String>> reasons =
        java.util.stream.IntStream.range(0, n)
            .parallel()
            .mapToObj(
                i -> {
                  int s = in.labels()[i];
                  return rowReasons(i, strength[s], strongest[s], meanShown, cols);
                })
            .toList();
    return new Described(segments, reasons, traits);
  }

  /**
   * Describes segment {@code s}: fills {@code strength} (its standardized difference per feature)
   * and {@code ranked} (its traits, strongest first) and adds its name to {@code usedNames}.
   */
  private static Segment segment(
      Input in,
      int s,
      Columns cols,
      double totalRevenue,
      double[] strength,
      List<Trait> ranked,
      Set<String> usedNames) {
    int n = in.labels().length;
    int p = cols.names().size();
    boolean[] member = new boolean[n];
    long size = 0;
    double revenue = 0;
    Map<RfmGroup, Integer> groups = new EnumMap<>(RfmGroup.class);
    int nonBuyers = 0;
    for (int i = 0; i < n; i++) {
      if (in.labels()[i] == s) {
        member[i] = true;
        size++;
        revenue += in.revenue()[i];
        if (in.rfm()[i] == null) {
          nonBuyers++;
        } else {
          groups.merge(in.rfm()[i], 1, Integer::sum);
        }
      }
    }
    List<DistinguishingFeature> features = distinguishing(cols, member, size, strength);
    features.sort(
        Comparator.comparingDouble(
            (DistinguishingFeature d) -> -Math.abs(d.standardizedDifference())));
    for (DistinguishingFeature d : features) {
      if (Math.abs(d.standardizedDifference()) < REASON_THRESHOLD) {
        break;
      }
      Trait.describe(d.feature(), d.standardizedDifference() > 0).ifPresent(ranked::add);
    }
    RfmGroup dominant =
        groups.entrySet().stream()
            .max(Map.Entry.<RfmGroup, Integer>comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    boolean mostlyNonBuyers = dominant == null || nonBuyers > groups.get(dominant);
    String stage = (mostlyNonBuyers ? JourneyStage.ACQUISITION : dominant.stage()).wireName();
    Text name = in.fixedNames().get(s);
    if (name == null) {
      name = uniqueName(features, usedNames);
    }
    usedNames.add(name.en());
    return new Segment(
        in.ids().get(s),
        in.kind(),
        name,
        size,
        n == 0 ? 0 : round6((double) size / n),
        totalRevenue == 0 ? 0 : round6(Math.max(0, revenue / totalRevenue)),
        stage,
        actions(ranked, mostlyNonBuyers ? null : dominant),
        features.stream()
            .map(
                d ->
                    new DistinguishingFeature(
                        d.feature(),
                        round6(d.segmentValue()),
                        round6(d.populationValue()),
                        round6(d.lift()),
                        round6(d.standardizedDifference())))
            .toList());
  }

  /**
   * Each feature's segment and population values and lift (as shown) and standardized difference
   * (in the scaled space, also written to {@code strength}), in feature order.
   */
  private static List<DistinguishingFeature> distinguishing(
      Columns cols, boolean[] member, long size, double[] strength) {
    int p = cols.names().size();
    List<DistinguishingFeature> features = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      double segScaled = meanSd(cols.scaled()[j], member)[0];
      double std =
          cols.scaledSd()[j] == 0 ? 0 : (segScaled - cols.scaledMean()[j]) / cols.scaledSd()[j];
      strength[j] = size == 0 || !Double.isFinite(std) ? 0 : std;
      double segShown = meanSd(cols.shown()[j], member)[0];
      double shownMean = cols.shownMean()[j];
      double lift = shownMean == 0 || !Double.isFinite(segShown) ? 0 : segShown / shownMean;
      features.add(
          new DistinguishingFeature(
              cols.names().get(j),
              finiteOr0(segShown),
              finiteOr0(shownMean),
              finiteOr0(lift),
              strength[j]));
    }
    return features;
  }

  /** The features by their strength in a segment, strongest first (ties in feature order). */
  private static int[] strongestFirst(double[] st) {
    int p = st.length;
    Integer[] idx = new Integer[p];
    for (int j = 0; j < p; j++) {
      idx[j] = j;
    }
    Arrays.sort(idx, Comparator.comparingDouble(j -> -Math.abs(st[j])));
    int[] out = new int[p];
    for (int j = 0; j < p; j++) {
      out[j] = idx[j];
    }
    return out;
  }

  /**
   * The reasons of row {@code i}: up to three traits of its segment that it shares.
   *
   * @param idx the segment's features strongest first ({@link #strongestFirst})
   * @param meanShown each feature's mean as {@link #number} writes it
   */
  private static List<String> rowReasons(
      int i, double[] st, int[] idx, String[] meanShown, Columns cols) {
    int p = idx.length;
    List<String> why = new ArrayList<>(3);
    for (int r = 0; r < p && why.size() < 3; r++) {
      int j = idx[r];
      if (Math.abs(st[j]) < REASON_THRESHOLD) {
        break;
      }
      double own = cols.scaled()[j][i];
      double sd = cols.scaledSd()[j];
      double z = sd == 0 ? 0 : (own - cols.scaledMean()[j]) / sd;
      if (!Double.isFinite(z) || Math.signum(z) != Math.signum(st[j]) || Math.abs(z) < 0.25) {
        continue;
      }
      var described = Trait.describe(cols.names().get(j), st[j] > 0);
      if (described.isEmpty()) {
        continue;
      }
      why.add(
          described.get().phrase().en()
              + " ("
              + cols.names().get(j)
              + ' '
              + number(cols.shown()[j][i])
              + " vs "
              + meanShown[j]
              + " on average)");
    }
    return why.isEmpty() ? List.of(CENTRE) : why;
  }

  /** The reason of a customer who shares none of their segment's traits strongly. */
  static final String CENTRE = "close to the segment's centre on every feature";

  /**
   * The two strongest traits that can share a name ({@link SegmentName#usable}), or three, or a
   * number, until the name is new.
   */
  static Text uniqueName(List<DistinguishingFeature> features, Set<String> used) {
    List<SegmentName.Part> ranked = new ArrayList<>();
    for (DistinguishingFeature d : features) {
      if (Math.abs(d.standardizedDifference()) < NAME_THRESHOLD) {
        break;
      }
      SegmentName.of(d.feature(), d.standardizedDifference() > 0).ifPresent(ranked::add);
    }
    List<SegmentName.Part> named = SegmentName.usable(ranked);
    if (named.isEmpty()) {
      Text typical = new Text("Typical customers", "평균적인 고객");
      return numbered(typical, used);
    }
    for (int take = Math.min(2, named.size()); take <= named.size(); take++) {
      Text candidate = SegmentName.join(named.subList(0, take));
      if (!used.contains(candidate.en())) {
        return candidate;
      }
    }
    return numbered(SegmentName.join(named.subList(0, Math.min(2, named.size()))), used);
  }

  private static Text numbered(Text base, Set<String> used) {
    if (!used.contains(base.en())) {
      return base;
    }
    for (int i = 2; ; i++) {
      Text t = new Text(base.en() + " " + i, base.ko() + " " + i);
      if (!used.contains(t.en())) {
        return t;
      }
    }
  }

  /** Up to three actions: those of the strongest traits, then the dominant RFM group's. */
  static List<Text> actions(List<Trait> ranked, RfmGroup dominant) {
    LinkedHashSet<Text> out = new LinkedHashSet<>();
    for (Trait t : ranked) {
      for (Text a : t.actions()) {
        if (out.size() < 3) {
          out.add(a);
        }
      }
    }
    if (dominant != null) {
      for (int a = 0; a < dominant.actionsEn().size() && out.size() < 2; a++) {
        out.add(new Text(dominant.actionsEn().get(a), dominant.actionsKo().get(a)));
      }
    } else if (out.size() < 2) {
      Trait.of("recency_days_missing", true).ifPresent(t -> out.addAll(t.actions()));
    }
    return List.copyOf(out);
  }

  private static double[] meanSd(double[] v, boolean[] member) {
    double sum = 0;
    double sumSq = 0;
    long n = 0;
    for (int i = 0; i < v.length; i++) {
      if ((member == null || member[i]) && !Double.isNaN(v[i])) {
        sum += v[i];
        sumSq += v[i] * v[i];
        n++;
      }
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean))};
  }

  private static double finiteOr0(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  static double round6(double v) {
    return Double.isFinite(v) && v != 0
        ? new BigDecimal(v).round(new MathContext(6)).doubleValue()
        : v;
  }

  /** A value as a reader wants it: 2340, 12.5, 0.35. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
