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
  // epoch day -> {scored texts, fixed-point sentiment sum}
  private final TreeMap<Long, long[]> byDay = new TreeMap<>();
  private final TreeMap<Integer, Integer> topics = new TreeMap<>();

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
          byDay.computeIfAbsent(settings.epochDay(s.at().getEpochSecond()), k -> new long[2]);
      d[0]++;
      d[1] = Math.addExact(d[1], FixedPoint.toUnits(s.sentiment(), "sentiment"));
    }
    if (s.topic() >= 0) {
      topics.merge(s.topic(), 1, Integer::sum);
    }
  }

  @Override
  public void merge(TextStats other) {
    texts += other.texts;
    complaints += other.complaints;
    for (Map.Entry<Long, long[]> e : other.byDay.entrySet()) {
      long[] d = byDay.computeIfAbsent(e.getKey(), k -> new long[2]);
      d[0] += e.getValue()[0];
      d[1] = Math.addExact(d[1], e.getValue()[1]);
    }
    other.topics.forEach((t, c) -> topics.merge(t, c, Integer::sum));
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
    return mean(byDay);
  }

  /** See the class comment. */
  public double sentimentTrend(long asOfEpochDay) {
    long from = asOfEpochDay - TREND_DAYS + 1;
    double recent = mean(byDay.subMap(from, true, asOfEpochDay, true));
    double before = mean(byDay.headMap(from, false));
    return Double.isNaN(recent) || Double.isNaN(before) ? Double.NaN : recent - before;
  }

  /** The most frequent topic (ties: the lowest id); -1 without one. */
  public int dominantTopic() {
    int best = -1;
    int count = 0;
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
