package io.tessera.profile;

/**
 * The mean of a numeric score (a review rating now; a text sentiment score later), summed exactly
 * in fixed point so that the mean does not depend on the order the scores arrive in.
 */
public final class ScoreMean implements Aggregator<Double, ScoreMean> {
  private long count;
  private long units;

  @Override
  public void add(Double score) {
    add(score.doubleValue());
  }

  /** Adds one score without boxing. */
  public void add(double score) {
    units = Math.addExact(units, FixedPoint.toUnits(score, "score"));
    count++;
  }

  @Override
  public void merge(ScoreMean other) {
    units = Math.addExact(units, other.units);
    count += other.count;
  }

  @Override
  public ScoreMean copy() {
    ScoreMean c = new ScoreMean();
    c.merge(this);
    return c;
  }

  public long count() {
    return count;
  }

  /** The mean score; NaN when there is none. */
  public double mean() {
    return count == 0 ? Double.NaN : FixedPoint.toDouble(units) / count;
  }
}
