package io.tessera.pipeline.recommend;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.pipeline.columns.CodeColumn;
import io.tessera.pipeline.outputs.CustomerRow;
import io.tessera.pipeline.outputs.CustomerTable;
import io.tessera.pipeline.outputs.Skipped;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.profile.ProfileSettings;
import io.tessera.recommend.AssociationRules;
import io.tessera.recommend.PurchaseLines;
import io.tessera.recommend.Recommend;
import io.tessera.recommend.Recommendation;
import io.tessera.recommend.Recommendations;
import io.tessera.recommend.SegmentLift;
import io.tessera.recommend.TimeSplit;
import io.tessera.store.BatchQueries;
import io.tessera.store.CsvOutput;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recommendation stage of a run: reads the completed orders' lines up to as_of, runs core's
 * {@link Recommend}, writes {@code recommendations.csv} and {@code models/recommend.json}, and
 * hands its recommendations and each segment's {@code recommend} section of {@code segments.json}
 * to the caller (who writes segments.json once, and the report). Skipped, with the reason, when
 * there are no order lines.
 */
public final class RecommendStage {
  public static final String NO_ITEMS =
      "no order lines (order_items) of completed orders with a product up to as_of";

  private RecommendStage() {}

  /**
   * What the stage produced.
   *
   * @param nanos the stage's own time: reading its purchases and fitting (a run fits beside churn)
   * @param recommendations every customer's recommendations, best first (empty when skipped)
   * @param segmentSections each segment's {@code recommend} section of segments.json, by segment id
   * @param model models/recommend.json as written
   */
  public record Result(
      long nanos,
      List<Recommendation> recommendations,
      Map<String, ObjectNode> segmentSections,
      ObjectNode model) {
    public Result {
      // in columns: a record each filled the heap at 1,000,000 customers (issue 14)
      recommendations = Recommendations.copyOf(recommendations);
      segmentSections = Map.copyOf(segmentSections);
    }
  }

  /**
   * Runs the stage on the joined customer table, before customers.csv and segments.json are
   * written; adds its timing and, when skipped, its reason.
   *
   * @param settings the {@code recommend:} block, parsed before any data was read
   */
  public static Result run(
      TesseraConfig config,
      RecommendSettings settings,
      Store store,
      Path out,
      LocalDate asOf,
      Set<String> excluded,
      CustomerTable table,
      Map<String, Long> timings,
      List<Skipped> skipped) {
    return fit(settings, out, asOf, read(config, settings, store, asOf, excluded), table)
        .record(timings, skipped);
  }

  /**
   * About what one purchase line takes in the heap while the stage fits: its columns ({@link
   * PurchaseLines}, 12 bytes and 4 an order), the sorted codes and the two matrices (time split,
   * then all) built from them. With {@link #CUSTOMER_BYTES}, {@code RecommendStageBench}'s live
   * peak (a forced collection every few seconds) on the seed-42 shop at 100,000 customers, 82 MB
   * over its start for 609,701 lines and 100,000 customers, and on the orders shop at 300,000
   * customers (6.0 M lines) is covered (issue 14: the records this replaced took 350 bytes a line).
   * Only decides whether the fit runs beside another stage, never what it makes.
   */
  private static final long LINE_BYTES = 48;

  /**
   * About what one customer of customers.csv takes while the stage fits: the recommendations in
   * columns (16 bytes each, {@code top_n} of them), the segment maps, implicit ALS's factors (32
   * doubles) and the customer ids' index.
   */
  private static final long CUSTOMER_BYTES = 700;

  /**
   * About the most heap the stage's fit holds, in bytes, for {@code lines} purchase lines and
   * {@code customers} customers (the lines, the time split, the model, the recommendations in
   * columns).
   */
  public static long heapBytes(long lines, long customers) {
    return lines * LINE_BYTES + customers * CUSTOMER_BYTES;
  }

  /**
   * What the stage reads from the store: the purchases, or why there is nothing to fit ({@link
   * #read}, on the thread that owns the store's connection). The fit {@linkplain #take takes} the
   * purchases, so they are let go once the model is fitted, not held by whoever holds this until
   * the recommendations are written (6.1 M lines at 1,000,000 customers; issue 14).
   */
  public static final class Input {
    private PurchaseLines purchases;
    private final int lines;
    private final String skipped;
    private final long nanos;

    /**
     * @param purchases handed over, not copied
     * @param skipped why there is nothing to fit, or null
     * @param nanos the time the reading took
     */
    Input(PurchaseLines purchases, String skipped, long nanos) {
      this.purchases = java.util.Objects.requireNonNull(purchases, "purchases");
      this.lines = purchases.size();
      this.skipped = skipped;
      this.nanos = nanos;
    }

    /** How many purchase lines were read. */
    public int lines() {
      return lines;
    }

    /** Why there is nothing to fit, or null. */
    public String skipped() {
      return skipped;
    }

    /** The time the reading took, in nanoseconds. */
    public long nanos() {
      return nanos;
    }

    /**
     * The purchases, handed over: this input holds them no longer.
     *
     * @throws IllegalStateException when they were taken before
     */
    synchronized PurchaseLines take() {
      PurchaseLines taken = purchases;
      if (taken == null) {
        throw new IllegalStateException("the purchases were taken already");
      }
      purchases = null;
      return taken;
    }
  }

  /**
   * The stage's first step, the only one that reads the store: the completed orders' lines up to
   * as_of of the consenting customers (nothing when {@code recommend.enabled} is false).
   */
  public static Input read(
      TesseraConfig config,
      RecommendSettings settings,
      Store store,
      LocalDate asOf,
      Set<String> excluded) {
    long t0 = System.nanoTime();
    if (!settings.enabled()) {
      return new Input(
          new PurchaseLines.Builder().build(),
          "recommend.enabled is false",
          System.nanoTime() - t0);
    }
    PurchaseLines purchases = purchases(store, asOf, config.profileSettings(), excluded);
    return new Input(purchases, purchases.size() == 0 ? NO_ITEMS : null, System.nanoTime() - t0);
  }

  /**
   * A fitted (or skipped) stage whose timing and skip reason are not yet recorded: {@link #fit}
   * needs neither the store nor the run's shared lists, so it can run on a thread of its own.
   */
  public record Fitted(Result result, String skipped) {
    /** Adds the stage's timing and, when skipped, its reason; returns the result. */
    public Result record(Map<String, Long> timings, List<Skipped> skipped) {
      timings.put("recommend", result.nanos() / 1_000_000);
      if (this.skipped != null) {
        skipped.add(new Skipped("recommend", this.skipped));
      }
      return result;
    }
  }

  /**
   * Fits on what {@link #read} read, writes recommendations.csv and models/recommend.json, and
   * makes each segment's section. Reads no churn figure from {@code table}: only its customers, RFM
   * groups and clusters.
   */
  public static Fitted fit(
      RecommendSettings settings, Path out, LocalDate asOf, Input input, CustomerTable table) {
    long t0 = System.nanoTime();
    String reason = input.skipped();
    List<Recommendation> recommendations = Recommendations.empty();
    Map<String, ObjectNode> sections = Map.of();
    ObjectNode model;
    try {
      if (reason == null) {
        Produced p = produce(settings, out, asOf, input, members(table));
        recommendations = p.recommendations();
        model = p.model();
        sections = p.sections();
      } else {
        model = writeModel(out, null, 0, 0, reason);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long elapsed = input.nanos() + System.nanoTime() - t0;
    return new Fitted(new Result(elapsed, recommendations, sections, model), reason);
  }

  /** What the stage made of its purchases: every recommendation, the model, the sections. */
  record Produced(
      Recommendations recommendations, ObjectNode model, Map<String, ObjectNode> sections) {}

  /**
   * Fits on the purchases (taken from {@code input}, and let go once fitted), writes
   * recommendations.csv as the recommendations are made and models/recommend.json, and makes each
   * segment's section (the stage after reading the store; {@code RecommendStageBench} times it).
   */
  static Produced produce(
      RecommendSettings settings, Path out, LocalDate asOf, Input input, Members members)
      throws IOException {
    Recommend.Outcome outcome =
        Recommend.fit(input.take(), members.segmentOf(), asOf, settings.options());
    Recommendations all = recommendAndWrite(out, outcome, members.customers());
    ObjectNode model = writeModel(out, outcome, input.lines(), all.customerCount(), null);
    return new Produced(all, model, segmentSections(outcome, members));
  }

  /**
   * Completed orders' lines with a positive quantity (a line without one counts once), up to as_of,
   * of consenting customers, in columns ({@link PurchaseLines}: ints, not a record and strings a
   * line). The customer ids kept are the run's own strings ({@code Store#customerIds}), one per
   * customer.
   */
  static PurchaseLines purchases(
      Store store, LocalDate asOf, ProfileSettings days, Set<String> excluded) {
    PurchaseLines.Builder out = new PurchaseLines.Builder();
    io.tessera.contract.CustomerIds customers = store.customerIds();
    BatchQueries.completedOrderLines(
        store,
        line -> {
          String customer = line.customerId();
          if (customer == null || excluded.contains(customer)) {
            return;
          }
          LocalDate day = days.day(line.orderedAt());
          if (day.isAfter(asOf)) {
            return;
          }
          out.add(customers.value(customer), line.orderId(), line.productId(), day);
        });
    return out.build();
  }

  /**
   * Every customer of customers.csv with their segments: the recommender's segment is the cluster,
   * else the RFM group.
   */
  record Members(
      List<String> customers,
      Map<String, String> segmentOf,
      Map<String, String> rfmOf,
      Map<String, String> clusterOf) {}

  static Members members(CustomerTable table) {
    List<String> customers = new ArrayList<>(table.size());
    // each customer's segments as codes into the few segment ids (three hash maps of every
    // customer were some 130 bytes a customer beside churn; issue 14)
    CodeColumn.Builder segmentOf = new CodeColumn.Builder();
    CodeColumn.Builder rfm = new CodeColumn.Builder();
    CodeColumn.Builder cluster = new CodeColumn.Builder();
    // one "rfm:<group>" string per group, not per customer
    Map<String, String> rfmIds = new HashMap<>();
    for (CustomerRow row : table.rows()) {
      String id = row.customerId();
      customers.add(id);
      String group =
          row.rfmGroup() == null
              ? null
              : rfmIds.computeIfAbsent(row.rfmGroup().id(), g -> "rfm:" + g);
      if (group != null) {
        rfm.put(id, group);
      }
      if (row.cluster() != null) {
        cluster.put(id, row.cluster());
      }
      String seg = row.cluster() != null ? row.cluster() : group;
      if (seg != null) {
        segmentOf.put(id, seg);
      }
    }
    customers.sort(java.util.Comparator.naturalOrder());
    return new Members(customers, segmentOf.build(), rfm.build(), cluster.build());
  }

  /**
   * How many customers' recommendations are made (in parallel) before they are written and packed
   * into columns: their records are let go a slice at a time, not held for everyone.
   */
  private static final int SLICE = 8_192;

  /**
   * Every customer's recommendations (the buyers' when the table is empty), in id order, written to
   * recommendations.csv as they are made and kept in columns.
   */
  private static Recommendations recommendAndWrite(
      Path out, Recommend.Outcome outcome, List<String> customers) throws IOException {
    List<String> everyone = customers;
    if (everyone.isEmpty()) {
      everyone = new ArrayList<>();
      for (int u = 0; u < outcome.purchases().customerCount(); u++) {
        everyone.add(outcome.purchases().customer(u));
      }
    }
    Recommendations.Builder all =
        new Recommendations.Builder(Math.multiplyExact(everyone.size(), outcome.options().topN()));
    try (CsvOutput w =
        CsvOutput.open(
            out.resolve("recommendations.csv"),
            List.of("customer_id", "rank", "item", "score", "reason"))) {
      for (int from = 0; from < everyone.size(); from += SLICE) {
        List<List<Recommendation>> slice =
            everyone.subList(from, Math.min(everyone.size(), from + SLICE)).parallelStream()
                .map(c -> outcome.recommend(c, Set.of()))
                .toList();
        for (List<Recommendation> list : slice) {
          writeRows(w, list);
          all.addAll(list);
        }
      }
    }
    return all.build();
  }

  /** A score as recommendations.csv writes it: six decimal places. */
  private static String scoreCell(double score) {
    return CsvOutput.decimal(score, 6);
  }

  /** A score as recommendations.csv holds it, for copies that must agree with the file. */
  public static double asWritten(double score) {
    return Double.parseDouble(scoreCell(score));
  }

  private static void writeRows(CsvOutput w, List<Recommendation> list) throws IOException {
    for (Recommendation r : list) {
      w.text(r.customer());
      w.number(Integer.toString(r.rank()));
      w.text(r.item());
      w.number(scoreCell(r.score()));
      w.text(r.reason().text());
      w.endRow();
    }
  }

  private static ObjectNode writeModel(
      Path out, Recommend.Outcome o, int lines, int customers, String reason) throws IOException {
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    if (o == null) {
      root.put("status", "skipped");
      root.put("reason", reason);
    } else {
      root.put("status", "fitted");
      root.put("method", o.chosen().wire());
      root.put("choice", o.choice());
      var opts = o.options();
      ObjectNode p = root.putObject("parameters");
      p.put("top_n", opts.topN());
      p.put("exclude_purchased", opts.excludePurchased());
      p.put("test_days", opts.testDays());
      p.putObject("als")
          .put("factors", opts.als().factors())
          .put("lambda", opts.als().lambda())
          .put("alpha", opts.als().alpha())
          .put("iterations", opts.als().iterations())
          .put("seed", opts.als().seed())
          .put("cg_steps", opts.als().cgSteps());
      p.putObject("item_cf").put("neighbours", opts.itemCf().neighbours());
      p.putObject("segment_lift")
          .put("min_customers", opts.lift().minCustomers())
          .put("min_share", opts.lift().minShare())
          .put("top", opts.lift().top());
      p.putObject("rules")
          .put("min_support", opts.rules().minSupport())
          .put("min_confidence", opts.rules().minConfidence())
          .put("min_count", opts.rules().minCount())
          .put("max_length", opts.rules().maxLength());
      root.putObject("data")
          .put("lines", lines)
          .put("customers", o.purchases().customerCount())
          .put("items", o.purchases().itemCount())
          .put("recommended_customers", customers);
      ObjectNode e = root.putObject("evaluation");
      TimeSplit.Result r = o.evaluation();
      if (r == null) {
        e.put("status", "skipped");
        e.put("reason", o.evaluationNote());
      } else {
        e.put("status", "evaluated");
        e.put("train_end", r.trainEnd().toString());
        e.put("test_days", r.testDays());
        e.put(
            "customers_rule",
            "customers with a purchase before and in the test period; relevant = items bought in"
                + " the test period and not before");
        e.put("customers", r.customers());
        e.put("customers_with_new_items", r.withNewItems());
        e.put("k", TimeSplit.K);
        e.put("rule", TimeSplit.RULE);
        e.put("chosen", r.chosen().wire());
        ArrayNode ms = e.putArray("methods");
        for (TimeSplit.Figures f : r.figures()) {
          ms.addObject()
              .put("method", f.method().wire())
              .put("precision_at_10", CustomerStage.round6(f.precision()))
              .put("recall_at_10", CustomerStage.round6(f.recall()))
              .put("map_at_10", CustomerStage.round6(f.map()))
              .put("coverage", CustomerStage.round6(f.coverage()));
        }
      }
      ObjectNode rules = root.putObject("rules");
      rules.put("baskets", o.rules().baskets());
      rules.put("min_count_applied", o.rules().minCount());
      rules.put("frequent_itemsets", o.rules().itemsets());
      rules.put("count", o.rules().rules().size());
      rules.set("top", rulesJson(o.rules().rules(), 20));
    }
    Files.createDirectories(out.resolve("models"));
    RunOutputs.JSON.writeValue(out.resolve("models/recommend.json").toFile(), root);
    return root;
  }

  private static ArrayNode rulesJson(List<AssociationRules.Rule> rules, int top) {
    ArrayNode a = RunOutputs.JSON.createArrayNode();
    for (AssociationRules.Rule r : rules.subList(0, Math.min(top, rules.size()))) {
      ObjectNode n = a.addObject();
      ArrayNode left = n.putArray("antecedent");
      r.antecedent().forEach(left::add);
      n.put("consequent", r.consequent())
          .put("count", r.count())
          .put("support", CustomerStage.round6(r.support()))
          .put("confidence", CustomerStage.round6(r.confidence()))
          .put("lift", CustomerStage.round6(r.lift()));
    }
    return a;
  }

  /** The {@code recommend: {top_items, rules}} section of each segment with data, by id. */
  private static Map<String, ObjectNode> segmentSections(Recommend.Outcome o, Members members) {
    Map<String, List<SegmentLift.LiftedItem>> lift = new HashMap<>();
    lift.putAll(SegmentLift.compute(o.purchases(), members.rfmOf(), o.options().lift()));
    lift.putAll(SegmentLift.compute(o.purchases(), members.clusterOf(), o.options().lift()));
    Map<String, ObjectNode> sections = new HashMap<>();
    lift.forEach(
        (id, items) -> {
          ObjectNode rec = RunOutputs.JSON.createObjectNode();
          ArrayNode top = rec.putArray("top_items");
          for (SegmentLift.LiftedItem i : items) {
            top.addObject()
                .put("item", i.item())
                .put("customers", i.customers())
                .put("segment_share", CustomerStage.round6(i.segmentShare()))
                .put("overall_share", CustomerStage.round6(i.overallShare()))
                .put("lift", CustomerStage.round6(i.lift()));
          }
          List<AssociationRules.Rule> rules = o.segmentRules().get(id);
          if (rules != null) {
            rec.set("rules", rulesJson(rules, 5));
          }
          sections.put(id, rec);
        });
    return sections;
  }
}
