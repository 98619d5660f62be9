package io.tessera.pipeline.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigBlock;
import io.tessera.identity.IdentityGraph;
import io.tessera.identity.IdentityOptions;
import io.tessera.identity.IdentityReport;
import io.tessera.identity.MatchModel;
import io.tessera.identity.ThresholdCurve;
import io.tessera.ingest.DataHealth;
import io.tessera.pipeline.work.Side;
import io.tessera.store.ConfigException;
import io.tessera.store.CsvOutput;
import io.tessera.store.IdentityTables;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The identity stage of the batch run, between ingest and profiles: resolves the store's identities
 * ({@link IdentityTables}: every later stage reads records under their resolved customer), writes
 * {@code identities.csv}, and adds the identity findings to {@code data_health.json} (its {@code
 * identity} section, and checks the report lists).
 */
public final class IdentityStage {
  static final Set<String> KEYS = Set.of("enabled", "columns", "max_shared", "min_confidence");
  static final List<String> CSV_HEADER =
      List.of("resolved_id", "kind", "value", "rule", "confidence");

  private IdentityStage() {}

  /**
   * What the stage did. The resolution itself is not kept: the store's identity tables hold it for
   * the later stages, and the graph's identifiers (5.4 M at 1,000,000 customers) would otherwise
   * stay in the heap for the rest of the run.
   *
   * @param health the data health with the identity findings added
   * @param section data_health.json's {@code identity} part, or null
   */
  public record Outcome(DataHealth health, ObjectNode section, long millis) {}

  /**
   * The {@code identity:} block of the config (the whole YAML tree, or null), or null when
   * disabled; parsed once, before any data is read.
   */
  public static IdentityOptions options(JsonNode raw) {
    JsonNode c = raw == null ? null : raw.path("identity");
    if (ConfigBlock.absent(c)) {
      return IdentityOptions.defaults();
    }
    ConfigBlock.checkKeys(c, "identity", KEYS);
    if (c.has("enabled") && !c.get("enabled").asBoolean(true)) {
      return null;
    }
    List<String> columns = new ArrayList<>();
    JsonNode cols = c.path("columns");
    if (!cols.isMissingNode() && !cols.isNull()) {
      if (!cols.isArray()) {
        throw new ConfigException(
            "identity.columns must be a list of customers-file columns, e.g. [loyalty_card]");
      }
      cols.forEach(n -> columns.add(n.asText().strip().toLowerCase(Locale.ROOT)));
    }
    try {
      IdentityOptions o = IdentityOptions.defaults().withColumns(columns);
      if (c.has("max_shared")) {
        if (!c.get("max_shared").canConvertToInt()) {
          throw new ConfigException("identity.max_shared must be a whole number of customers");
        }
        o = o.withMaxShared(c.get("max_shared").asInt());
      }
      if (c.has("min_confidence")) {
        if (!c.get("min_confidence").isNumber()) {
          throw new ConfigException("identity.min_confidence must be a number in (0, 1]");
        }
        o = o.withMinConfidence(c.get("min_confidence").asDouble());
      }
      return o;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Resolves, writes identities.csv and the data-health additions.
   *
   * @param options the {@code identity:} options ({@link #options}), or null when disabled
   * @param config the run's configuration: its data folder may hold the planted truth
   * @param temporary keep the identity tables and views to this connection only (a run over the
   *     live server's store must not change what the live engine reads)
   */
  public static Outcome run(
      IdentityOptions options,
      TesseraConfig config,
      Store store,
      Path out,
      Set<String> excluded,
      DataHealth health,
      boolean temporary)
      throws IOException {
    long t0 = System.nanoTime();
    if (options == null) {
      return new Outcome(health, null, 0);
    }
    IdentityGraph graph = IdentityTables.graph(store, options, excluded);
    // identities.csv needs only the graph: written on a thread of its own while this one writes the
    // identity tables and measures the curve (each about a third of the stage after resolving)
    Side<Void> csv =
        Side.start(
            "identities.csv",
            () -> {
              writeCsv(graph, out.resolve("identities.csv"));
              return null;
            });
    ThresholdCurve curve;
    List<String> warnings = new ArrayList<>();
    try {
      IdentityTables.write(store, graph, temporary);
      curve = IdentityCurve.of(config, store, options, excluded, graph, warnings);
    } finally {
      csv.join();
    }
    DataHealth withIdentity = withFindings(health, graph.report());
    ObjectNode root = RunOutputs.JSON.valueToTree(withIdentity);
    ObjectNode section = section(graph.report(), options);
    section.set("threshold_curve", IdentityCurve.json(curve));
    section.set("warnings", RunOutputs.JSON.valueToTree(warnings));
    root.set("identity", section);
    RunOutputs.JSON.writeValue(out.resolve("data_health.json").toFile(), root);
    return new Outcome(withIdentity, section, (System.nanoTime() - t0) / 1_000_000);
  }

  private static void writeCsv(IdentityGraph graph, Path file) throws IOException {
    try (CsvOutput csv = CsvOutput.open(file, CSV_HEADER)) {
      for (IdentityGraph.Row r : graph.rows()) {
        csv.text(r.resolvedId().value())
            .text(r.identifier().kind().name())
            .text(r.identifier().value())
            .text(r.rule())
            .number(CsvOutput.decimal(r.confidence(), 6))
            .endRow();
      }
    }
  }

  /** The report's identity checks: links by rule, shared, ambiguous, blocked and malformed. */
  static DataHealth withFindings(DataHealth health, IdentityReport r) {
    List<DataHealth.Finding> checks = new ArrayList<>(health.checks());
    long records = r.recordsLinkedByRule().values().stream().mapToLong(Long::longValue).sum();
    checks.add(
        new DataHealth.Finding(
            "identity_links",
            "events",
            records,
            "linked",
            String.format(
                Locale.ROOT,
                "%,d anonymous events linked to a customer (by rule: %s), %,d left unlinked;"
                    + " %,d customers hold more than one account (account merges by rule: %s)",
                records,
                r.recordsLinkedByRule().isEmpty() ? "none" : r.recordsLinkedByRule(),
                r.recordsUnlinked(),
                r.mergedCustomers(),
                r.accountLinksByRule().isEmpty() ? "none" : r.accountLinksByRule()),
            List.of()));
    checks.add(
        new DataHealth.Finding(
            "identity_shared_identifiers",
            "customers",
            r.sharedCount() + r.ambiguousCount(),
            "not linked",
            String.format(
                Locale.ROOT,
                "%,d identifiers are held by more than the allowed customers (identity.max_shared:"
                    + " a shop test email, a call-centre phone) and %,d anonymous ids or devices"
                    + " were used by several customers (a family tablet): they link nobody; see"
                    + " identity.shared and identity.ambiguous",
                r.sharedCount(),
                r.ambiguousCount()),
            List.of()));
    checks.add(
        new DataHealth.Finding(
            "identity_blocked_merges",
            "customers",
            r.conflictCount() + r.consentBlocked(),
            "blocked",
            String.format(
                Locale.ROOT,
                "%,d merges blocked by conflicting verified identifiers (two different emails) or"
                    + " an un-merge, %,d links refused because a customer has no consent to"
                    + " profiling, %,d probabilistic candidates below identity.min_confidence %s",
                r.conflictCount(),
                r.consentBlocked(),
                r.belowThreshold(),
                r.minConfidence()),
            List.of()));
    long malformed = r.malformed().values().stream().mapToLong(Long::longValue).sum();
    if (malformed > 0) {
      checks.add(
          new DataHealth.Finding(
              "identity_malformed",
              "customers",
              malformed,
              "not linked",
              "identifiers that are malformed (or email and phone not pseudonymised) never link,"
                  + " by kind: "
                  + r.malformed()
                  + "; examples in identity.malformed_examples",
              List.of()));
    }
    return new DataHealth(health.formatVersion(), health.sources(), checks);
  }

  static ObjectNode section(IdentityReport r, IdentityOptions o) {
    ObjectNode n = RunOutputs.JSON.createObjectNode();
    n.put("accounts", r.accounts());
    n.put("without_consent", r.withoutConsent());
    n.put("resolved_customers", r.resolvedCustomers());
    n.put("merged_customers", r.mergedCustomers());
    n.set("account_links_by_rule", RunOutputs.JSON.valueToTree(r.accountLinksByRule()));
    n.set("identifiers_linked_by_rule", RunOutputs.JSON.valueToTree(r.identifiersLinkedByRule()));
    n.set("records_linked_by_rule", RunOutputs.JSON.valueToTree(r.recordsLinkedByRule()));
    n.put("records_unlinked", r.recordsUnlinked());
    n.put("below_threshold", r.belowThreshold());
    n.put("consent_blocked", r.consentBlocked());
    n.put("min_confidence", r.minConfidence());
    n.put("max_shared", o.maxShared());
    n.set("columns", RunOutputs.JSON.valueToTree(o.columns()));
    n.put("shared_count", r.sharedCount());
    n.set("shared", identifiers(r.shared()));
    n.put("ambiguous_count", r.ambiguousCount());
    n.set("ambiguous", identifiers(r.ambiguous()));
    n.put("conflict_count", r.conflictCount());
    ArrayNode conflicts = n.putArray("conflicts");
    for (IdentityReport.Conflict c : r.conflicts()) {
      conflicts
          .addObject()
          .put("a", c.a().value())
          .put("b", c.b().value())
          .put("rule", c.rule())
          .put("reason", c.reason());
    }
    n.set("malformed", RunOutputs.JSON.valueToTree(r.malformed()));
    n.set("malformed_examples", RunOutputs.JSON.valueToTree(r.malformedExamples()));
    MatchModel m = r.model();
    if (m != null) {
      ObjectNode model = n.putObject("model");
      model.put("prior", m.prior());
      model.put("blocked_pairs", m.blockedPairs());
      model.put("random_pairs", m.randomPairs());
      model.put("training_pairs", m.trainingPairs());
      model.put("iterations", m.iterations());
      ArrayNode cs = model.putArray("comparisons");
      for (MatchModel.Comparison c : m.comparisons()) {
        ObjectNode cn = cs.addObject().put("name", c.name());
        cn.set("levels", RunOutputs.JSON.valueToTree(c.levels()));
        cn.set("m", RunOutputs.JSON.valueToTree(c.m()));
        cn.set("u", RunOutputs.JSON.valueToTree(c.u()));
      }
    }
    return n;
  }

  private static ArrayNode identifiers(List<IdentityReport.Shared> list) {
    ArrayNode a = RunOutputs.JSON.createArrayNode();
    for (IdentityReport.Shared s : list) {
      a.addObject()
          .put("kind", s.identifier().kind().name())
          .put("value", s.identifier().value())
          .put("customers", s.customers());
    }
    return a;
  }
}
