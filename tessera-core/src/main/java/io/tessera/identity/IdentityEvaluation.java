package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pairwise precision and recall of a resolution against planted truth ({@code truth/identities.csv}
 * of the generator), with the traps counted separately.
 *
 * <p>Every truth identifier of a consenting person is a node. A pair of nodes is a true pair when
 * they belong to one person, and a predicted pair when resolution puts them in one customer (an
 * account's person, the customer an anonymous id or device was attached to; an identifier resolved
 * to nobody is alone). Precision = correct predicted pairs / predicted pairs, recall = correct
 * predicted pairs / true pairs (the pairwise measures of record linkage, e.g. Christen 2012, "Data
 * Matching", ch. 7). Planted recall counts only the true pairs with a planted identifier (a second
 * account, a new browser or device), which the login rule alone does not find. Traps are nodes that
 * must stay apart: a trap is wrong when it ends up with another person's identifiers; identifiers
 * of customers without consent must stay alone.
 */
public final class IdentityEvaluation {
  private static final Set<String> PLANTED =
      Set.of(
          "second_account_email",
          "second_account_phone",
          "new_browser",
          "second_email_browser",
          "new_device");

  private IdentityEvaluation() {}

  /** One row of {@code truth/identities.csv}: person (empty for a family tablet), kind, value. */
  public record Truth(String person, String kind, String value, String role) {}

  /**
   * The figures.
   *
   * @param trapsWrong per trap role: {@code [nodes, wrongly joined]}
   */
  public record Result(
      long truePairs,
      long predictedPairs,
      long correctPairs,
      long plantedPairs,
      long plantedFound,
      Map<String, long[]> trapsWrong,
      long noConsentNodes,
      long noConsentLinked) {

    public double precision() {
      return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
      return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
    }

    public double plantedRecall() {
      return plantedPairs == 0 ? 1.0 : (double) plantedFound / plantedPairs;
    }
  }

  public static List<Truth> read(Path file) throws IOException {
    List<Truth> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length != 4) {
        throw new IOException(file + " line " + (i + 1) + ": expected person_id,kind,value,role");
      }
      out.add(new Truth(f[0], f[1], f[2], f[3]));
    }
    return out;
  }

  public static Result evaluate(List<Truth> truth, IdentityGraph graph) {
    // predicted cluster label of a node
    Map<String, Map<String, Long>> byCluster = new HashMap<>(); // cluster -> person -> count
    Map<String, Long> personSize = new HashMap<>();
    // each truth node's cluster, looked up once: the planted pairs and the traps read it again
    String[] clusterOf = new String[truth.size()];
    Map<String, Set<String>> personsInCluster = new HashMap<>();
    Map<String, long[]> traps = new TreeMap<>();
    long noConsentNodes = 0;
    for (int k = 0; k < truth.size(); k++) {
      Truth t = truth.get(k);
      String cluster = cluster(t, graph);
      clusterOf[k] = cluster;
      if (!t.role().startsWith("trap_") && !t.role().equals("no_consent")) {
        byCluster.computeIfAbsent(cluster, c -> new HashMap<>()).merge(t.person(), 1L, Long::sum);
        personSize.merge(t.person(), 1L, Long::sum);
      }
      if (!t.person().isEmpty() && !t.role().equals("no_consent")) {
        personsInCluster.computeIfAbsent(cluster, c -> new HashSet<>()).add(t.person());
      }
    }
    long predicted = 0;
    long correct = 0;
    for (Map<String, Long> persons : byCluster.values()) {
      long n = 0;
      for (long c : persons.values()) {
        n += c;
        correct += c * (c - 1) / 2;
      }
      predicted += n * (n - 1) / 2;
    }
    long truePairs = 0;
    for (long c : personSize.values()) {
      truePairs += c * (c - 1) / 2;
    }
    long[] planted = plantedPairs(truth, clusterOf);
    long plantedPairs = planted[0];
    long plantedFound = planted[1];
    long noConsentLinked = 0;
    for (int k = 0; k < truth.size(); k++) {
      Truth t = truth.get(k);
      String cluster = clusterOf[k];
      Set<String> others = personsInCluster.getOrDefault(cluster, Set.of());
      boolean joined =
          t.person().isEmpty()
              ? !others.isEmpty()
              : others.stream().anyMatch(p -> !p.equals(t.person()));
      if (t.role().startsWith("trap_")) {
        long[] c = traps.computeIfAbsent(t.role(), r -> new long[2]);
        c[0]++;
        if (joined) {
          c[1]++;
        }
      } else if (t.role().equals("no_consent")) {
        noConsentNodes++;
        // an identifier of a customer without consent must resolve to nobody else
        if (joined || (!t.kind().equals("customer_id") && !cluster.startsWith("self:"))) {
          noConsentLinked++;
        }
      }
    }
    return new Result(
        truePairs,
        predicted,
        correct,
        plantedPairs,
        plantedFound,
        traps,
        noConsentNodes,
        noConsentLinked);
  }

  /**
   * Planted pairs (each planted node with every other node of its person): how many, and how many
   * of them the graph put in one cluster.
   */
  private static long[] plantedPairs(List<Truth> truth, String[] clusterOf) {
    Map<String, List<Integer>> nodesOf = new HashMap<>();
    for (int k = 0; k < truth.size(); k++) {
      Truth t = truth.get(k);
      if (!t.role().startsWith("trap_") && !t.role().equals("no_consent")) {
        nodesOf.computeIfAbsent(t.person(), p -> new ArrayList<>()).add(k);
      }
    }
    long plantedPairs = 0;
    long plantedFound = 0;
    for (List<Integer> nodes : nodesOf.values()) {
      for (int i = 0; i < nodes.size(); i++) {
        int a = nodes.get(i);
        for (int j = i + 1; j < nodes.size(); j++) {
          int b = nodes.get(j);
          if (PLANTED.contains(truth.get(a).role()) || PLANTED.contains(truth.get(b).role())) {
            plantedPairs++;
            if (clusterOf[a].equals(clusterOf[b])) {
              plantedFound++;
            }
          }
        }
      }
    }
    return new long[] {plantedPairs, plantedFound};
  }

  /**
   * The threshold curve of {@code graph} with each point's precision and recall against the truth.
   * A threshold is resolved again (by {@code resolveAt}) only when it accepts another number of
   * pairs than a threshold already resolved: the accepted pairs only shrink as the threshold grows,
   * so the same number means the same pairs and the same resolution.
   *
   * @param source where the truth was read, named in the curve
   */
  public static ThresholdCurve curve(
      List<Truth> truth,
      IdentityGraph graph,
      java.util.function.DoubleFunction<IdentityGraph> resolveAt,
      String source) {
    ThresholdCurve base = graph.report().curve();
    Map<Long, Result> byPairs = new HashMap<>();
    ThresholdCurve.Point current = base.at(graph.report().minConfidence());
    if (current != null) {
      byPairs.put(current.pairs(), evaluate(truth, graph));
    }
    List<ThresholdCurve.Point> points = new ArrayList<>();
    for (ThresholdCurve.Point p : base.points()) {
      Result r =
          byPairs.computeIfAbsent(p.pairs(), n -> evaluate(truth, resolveAt.apply(p.threshold())));
      long wrong = r.trapsWrong().values().stream().mapToLong(c -> c[1]).sum();
      points.add(
          new ThresholdCurve.Point(
              p.threshold(), p.pairs(), r.precision(), r.recall(), r.plantedRecall(), wrong));
    }
    return new ThresholdCurve(points, base.weights(), source);
  }

  private static String cluster(Truth t, IdentityGraph graph) {
    CustomerId c =
        switch (t.kind()) {
          case "customer_id" -> graph.resolve(CustomerId.of(t.value()));
          case "anonymous_id" ->
              graph.resolve(new Identifier(IdentifierKind.ANONYMOUS_ID, t.value()));
          case "device_id" -> graph.resolve(new Identifier(IdentifierKind.DEVICE_ID, t.value()));
          default -> null;
        };
    return c == null ? "self:" + t.kind() + ":" + t.value() : c.value();
  }
}
