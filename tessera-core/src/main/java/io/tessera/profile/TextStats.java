package io.tessera.profile;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a customer wrote: texts, complaints among them, the mean and trend of their sentiment, and
 * their most frequent topic.
 *
 * <p>State is canonical (counts and fixed-point sums per calendar day, counts per topic), so merges
 * in any order equal one fold. Trend, as of a date: the mean sentiment of the texts of the last
 * {@value #TREND_DAYS} days minus that of all earlier texts; NaN unless both periods have a scored
 * text.
 */
public final class TextStats implements Aggregator<TextSignal, TextStats> {
  static final int TREND_DAYS = 90;

  private final ProfileSettings settings;
  private int texts;
  private int complaints;
  // epoch day -> {scored texts, fixed-point sentiment sum}; both maps made on the first text,
  // since most customers write none (two empty maps were 96 bytes of every profile)
  private TreeMap<Long, long[]> byDay;
  private TreeMap<Integer, Integer> topics;

  public TextStats(ProfileSettings settings) {
    this.settings = settings;
  }

  @Override
  public void add(TextSignal s) {
    texts++;
    if (s.complaint()) {
      complaints++;
    }
    if (!Double.isNaN(s.sentiment())) {
      long[] d =
          days().computeIfAbsent(settings.epochDay(s.at().getEpochSecond()), k -> new long[2]);
      d[0]++;
      d[1] = Math.addExact(d[1], FixedPoint.toUnits(s.sentiment(), "sentiment"));
    }
    if (s.topic() >= 0) {
      topics().merge(s.topic(), 1, Integer::sum);
    }
  }

  private TreeMap<Long, long[]> days() {
    if (byDay == null) {
      byDay = new TreeMap<>();
    }
    return byDay;
  }

  private TreeMap<Integer, Integer> topics() {
    if (topics == null) {
      topics = new TreeMap<>();
    }
    return topics;
  }

  @Override
  public void merge(TextStats other) {
    texts += other.texts;
    complaints += other.complaints;
    if (other.byDay != null) {
      for (Map.Entry<Long, long[]> e : other.byDay.entrySet()) {
        long[] d = days().computeIfAbsent(e.getKey(), k -> new long[2]);
        d[0] += e.getValue()[0];
        d[1] = Math.addExact(d[1], e.getValue()[1]);
      }
    }
    if (other.topics != null) {
      other.topics.forEach((t, c) -> topics().merge(t, c, Integer::sum));
    }
  }

  @Override
  public TextStats copy() {
    TextStats c = new TextStats(settings);
    c.merge(this);
    return c;
  }

  public int texts() {
    return texts;
  }

  public int complaints() {
    return complaints;
  }

  /** Complaints / texts; NaN without a text. */
  public double complaintShare() {
    return texts == 0 ? Double.NaN : (double) complaints / texts;
  }

  /** Mean sentiment of the scored texts; NaN without one. */
  public double sentimentMean() {
    return byDay == null ? Double.NaN : mean(byDay);
  }

  /** See the class comment. */
  public double sentimentTrend(long asOfEpochDay) {
    if (byDay == null) {
      return Double.NaN;
    }
    long from = asOfEpochDay - TREND_DAYS + 1;
    double recent = mean(byDay.subMap(from, true, asOfEpochDay, true));
    double before = mean(byDay.headMap(from, false));
    return Double.isNaN(recent) || Double.isNaN(before) ? Double.NaN : recent - before;
  }

  /** The most frequent topic (ties: the lowest id); -1 without one. */
  public int dominantTopic() {
    int best = -1;
    int count = 0;
    if (topics == null) {
      return best;
    }
    for (Map.Entry<Integer, Integer> e : topics.entrySet()) {
      if (e.getValue() > count) {
        best = e.getKey();
        count = e.getValue();
      }
    }
    return best;
  }

  private static double mean(Map<Long, long[]> days) {
    long n = 0;
    long units = 0;
    for (long[] d : days.values()) {
      n += d[0];
      units = Math.addExact(units, d[1]);
    }
    return n == 0 ? Double.NaN : FixedPoint.toDouble(units) / n;
  }
}
