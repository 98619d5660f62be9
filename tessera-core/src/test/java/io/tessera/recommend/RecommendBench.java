package io.tessera.recommend;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times the recommendation stage on a generated shop: {@link Recommend#fit} (the time split of
 * every method, the chosen method's fit, lifted items and rules) and every customer's top 10, and
 * prints the time split's figures. The segment of a customer is their planted persona (a core bench
 * has no run's clusters). Not a test: wall times are reported, never asserted. Run: {@code java -cp
 * <test-classpath> io.tessera.recommend.RecommendBench 100000 [seed]}.
 */
public final class RecommendBench {
  private RecommendBench() {}

  public static void main(String[] args) throws IOException {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    Path dir = Files.createTempDirectory("recommend-bench");
    long g0 = System.nanoTime();
    SyntheticShop.write(
        new GeneratorOptions(customers, 365, seed, 0.0, GeneratorOptions.DEFAULT_END_DATE), dir);
    System.out.printf(
        "generated %,d customers in %.1f s%n", customers, (System.nanoTime() - g0) / 1e9);
    Map<String, String[]> orders = new HashMap<>();
    for (String line : lines(dir.resolve("orders.csv"))) {
      String[] f = line.split(",", -1);
      if (f[5].equals("completed")) {
        orders.put(f[0], new String[] {f[1], f[2].substring(0, 10)});
      }
    }
    List<Purchase> purchases = new ArrayList<>();
    for (String line : lines(dir.resolve("order_items.csv"))) {
      String[] f = line.split(",", -1);
      String[] o = orders.get(f[0]);
      if (o != null) {
        purchases.add(new Purchase(o[0], f[0], f[1], LocalDate.parse(o[1])));
      }
    }
    Map<String, String> persona = new HashMap<>();
    for (String line : lines(dir.resolve("truth/customers.csv"))) {
      String[] f = line.split(",", -1);
      persona.put(f[0], f[1]);
    }
    System.out.printf(
        "%,d purchase lines of %,d buyers%n",
        purchases.size(), purchases.stream().map(Purchase::customer).distinct().count());
    LocalDate asOf = GeneratorOptions.DEFAULT_END_DATE;
    long cpu0 = cpu();
    long t0 = System.nanoTime();
    Recommend.Outcome outcome =
        Recommend.fit(purchases, persona, asOf, RecommendOptions.defaults());
    long t1 = System.nanoTime();
    List<String> everyone = new ArrayList<>(persona.keySet());
    long lists =
        everyone.parallelStream().mapToLong(c -> outcome.recommend(c, Set.of()).size()).sum();
    long t2 = System.nanoTime();
    System.out.printf(
        "fit (time split of 4 methods + %s on all + lifts + rules): %.1f s; top 10 for %,d"
            + " customers (%,d items): %.1f s; total %.1f s (process CPU %.1f s)%n",
        outcome.chosen().wire(),
        (t1 - t0) / 1e9,
        everyone.size(),
        lists,
        (t2 - t1) / 1e9,
        (t2 - t0) / 1e9,
        (cpu() - cpu0) / 1e9);
    if (outcome.evaluation() != null) {
      OnlineRetailData.print("generated shop, seed " + seed, outcome.evaluation());
    }
    // each personalised method as the served one: fit on everything, then every customer's top 10
    for (Method m : List.of(Method.ALS, Method.ITEM_CF)) {
      RecommendOptions o = RecommendOptions.defaults();
      Purchases matrix = Purchases.of(purchases);
      long c0 = cpu();
      long f0 = System.nanoTime();
      Recommender r = Recommend.recommender(m, matrix, persona, o, null);
      long f1 = System.nanoTime();
      Popularity fill = Popularity.bySegment(matrix, persona);
      long n =
          everyone.parallelStream()
              .mapToLong(
                  c -> {
                    Set<String> bought = new java.util.HashSet<>();
                    int u = matrix.customerIndex(c);
                    if (u >= 0) {
                      for (int i : matrix.itemsOf(u)) {
                        bought.add(matrix.item(i));
                      }
                    }
                    return Recommend.filled(r, fill, c, 10, bought).size();
                  })
              .sum();
      long f2 = System.nanoTime();
      System.out.printf(
          "%s: fit %.1f s, top 10 for %,d customers (%,d items) %.1f s, total %.1f s"
              + " (process CPU %.1f s; load average %.1f)%n",
          m.wire(),
          (f1 - f0) / 1e9,
          everyone.size(),
          n,
          (f2 - f1) / 1e9,
          (f2 - f0) / 1e9,
          (cpu() - c0) / 1e9,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static List<String> lines(Path file) throws IOException {
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    return all.subList(1, all.size());
  }
}
