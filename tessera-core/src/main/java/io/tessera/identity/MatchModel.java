package io.tessera.identity;

import java.util.List;

/**
 * The fitted Fellegi-Sunter model of a resolution, as reported: per comparison and level the match
 * probability m (how often a true pair shows that level) and the non-match probability u (how often
 * two different people do), the prior match probability among the blocked pairs, and how many
 * comparisons it took.
 *
 * @param prior probability that two random accounts are one person, estimated by EM
 * @param blockedPairs account pairs compared (the union of the blocking rules)
 * @param randomPairs random account pairs compared to estimate u
 * @param trainingPairs account pairs a deterministic rule links, from which m is estimated
 * @param iterations EM iterations run for the prior
 */
public record MatchModel(
    List<Comparison> comparisons,
    double prior,
    long blockedPairs,
    long randomPairs,
    long trainingPairs,
    int iterations) {

  public MatchModel {
    comparisons = List.copyOf(comparisons);
  }

  /**
   * One compared attribute.
   *
   * @param levels names of its levels, lowest agreement first
   * @param m P(level | match) per level
   * @param u P(level | non-match) per level
   */
  public record Comparison(String name, List<String> levels, List<Double> m, List<Double> u) {
    public Comparison {
      levels = List.copyOf(levels);
      m = List.copyOf(m);
      u = List.copyOf(u);
    }

    /** The match weight of one level: log2(m / u) (Fellegi and Sunter 1969). */
    public double weight(int level) {
      return Math.log(m.get(level) / u.get(level)) / Math.log(2);
    }
  }
}
