package io.tessera.store;

import io.tessera.contract.Source;
import io.tessera.ingest.DataHealth;
import io.tessera.ingest.IngestSettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set-based checks an ingestion runs on the accepted rows, each reported in data_health.json
 * with up to five example lines: duplicate ids (moved to the quarantine), bots and derived
 * sessions, near-duplicate orders, returns, unknown customers, orders before signup, orphan items,
 * the quarantine's own reasons, and which consent default applied.
 */
final class DataChecks {
  private static final int EXAMPLES = 5;

  private final Store store;
  private final Set<Source> read;
  private final IngestSettings settings;
  private final TesseraConfig config;

  DataChecks(Store store, Set<Source> read, IngestSettings settings, TesseraConfig config) {
    this.store = store;
    // enum order: the checks, and so data_health.json's findings, go source by source
    this.read = java.util.EnumSet.noneOf(Source.class);
    this.read.addAll(read);
    this.settings = settings;
    this.config = config;
  }

  private static final Map<Source, String> ID =
      Map.of(
          Source.CUSTOMERS, "customer_id",
          Source.ORDERS, "order_id",
          Source.EVENTS, "event_id",
          Source.INTERACTIONS, "interaction_id",
          Source.REVIEWS, "review_id");

  /** Later rows whose id was already accepted move to the quarantine (first in file order wins). */
  void dedupe(List<DataHealth.Finding> findings) throws SQLException {
    for (Source s : read) {
      String id = ID.get(s);
      if (id == null) {
        continue;
      }
      String t = s.fileStem();
      store.execute(
          "CREATE OR REPLACE TEMP TABLE dup AS SELECT _line FROM (SELECT _line, row_number() OVER"
              + " (PARTITION BY "
              + id
              + " ORDER BY _line) AS rn FROM "
              + t
              + ") WHERE rn > 1;\n"
              + "INSERT INTO quarantine SELECT '"
              + t
              + "', x._line, 'duplicate_id', '"
              + id
              + " ' || x."
              + id
              + " || ' was already accepted earlier in the file', to_json(x) FROM "
              + t
              + " x SEMI JOIN dup d ON x._line = d._line;\n"
              + "DELETE FROM "
              + t
              + " WHERE _line IN (SELECT _line FROM dup)");
      long n = store.count("SELECT count(*) FROM dup");
      if (n > 0) {
        findings.add(
            new DataHealth.Finding(
                "duplicate_ids",
                t,
                n,
                "quarantined",
                "rows whose "
                    + id
                    + " was already accepted earlier in the source; the first occurrence was kept",
                store.longs("SELECT _line FROM dup ORDER BY _line LIMIT " + EXAMPLES)));
      }
    }
  }

  void flagChecks(List<DataHealth.Finding> findings) throws SQLException {
    if (read.contains(Source.EVENTS)) {
      eventChecks(findings);
    }
    if (read.contains(Source.ORDERS)) {
      orderChecks(findings);
    }
    if (read.contains(Source.ORDER_ITEMS) && read.contains(Source.ORDERS)) {
      itemChecks(findings);
    }
    quarantineChecks(findings);
  }

  /** Bots (flagged, kept, left out of profiles) and sessions derived for events without one. */
  private void eventChecks(List<DataHealth.Finding> findings) throws SQLException {
    String who = "coalesce(customer_id, anonymous_id, device_id, email_pseudonym)";
    store.execute(
        "CREATE OR REPLACE TEMP TABLE bot_ids AS SELECT who FROM (SELECT "
            + who
            + " AS who, epoch(occurred_at)::BIGINT // 60 AS minute FROM events) GROUP BY who,"
            + " minute HAVING count(*) > "
            + settings.botEventsPerMinute()
            + " UNION SELECT "
            + who
            // a text holding neither user_agent nor a backslash-u escape (the only other way to
            // spell
            // that key in JSON) has no user_agent key: skip parsing it (half the check's time)
            + " FROM events WHERE properties IS NOT NULL AND (contains(properties, 'user_agent')"
            + " OR contains(properties, '\\u')) AND json_valid(properties) AND"
            + " regexp_matches(coalesce(json_extract_string(properties, '$.user_agent'), ''),"
            + " '(?i)(bot|crawler|spider|headless)');\n"
            + "UPDATE events SET is_bot = true WHERE "
            + who
            + " IN (SELECT who FROM bot_ids);\n"
            + "INSERT INTO flags SELECT 'events', _line, 'bot' FROM events WHERE is_bot");
    flagFinding(
        findings,
        "events",
        "bot",
        "bots",
        "excluded",
        "events of ids sending more than "
            + settings.botEventsPerMinute()
            + " events in one minute or with a crawler user agent; kept in the store, excluded"
            + " from profiles");
    // Sessions are derived where they are used, by the profiles' Sessions aggregator (the same code
    // for batch and live); the check reports how many events it will sessionise by inactivity.
    long derived = store.count("SELECT count(*) FROM events WHERE session_id IS NULL");
    if (derived > 0) {
      findings.add(
          new DataHealth.Finding(
              "sessions_derived",
              "events",
              derived,
              "reported",
              "events without session_id were grouped into sessions by a 30-minute inactivity"
                  + " timeout",
              store.longs(
                  "SELECT _line FROM events WHERE session_id IS NULL ORDER BY _line LIMIT "
                      + EXAMPLES)));
    }
  }

  /** Near-duplicate orders, returns, unknown customers and orders before signup. */
  private void orderChecks(List<DataHealth.Finding> findings) throws SQLException {
    store.execute(
        "INSERT INTO flags SELECT 'orders', _line, 'near_duplicate_order' FROM (SELECT _line,"
            + " ordered_at, lag(ordered_at) OVER (PARTITION BY customer_id, amount ORDER BY"
            + " ordered_at, _line) AS prev FROM orders) WHERE prev IS NOT NULL AND ordered_at -"
            // in line order: the window is computed per partition by hash, so its rows came out in
            // an order that differed from run to run
            + " prev <= INTERVAL 60 SECONDS ORDER BY _line;\n"
            + "INSERT INTO flags SELECT 'orders', _line, 'return_or_cancellation' FROM orders"
            + " WHERE status <> 'completed'");
    flagFinding(
        findings,
        "orders",
        "near_duplicate_order",
        "near_duplicate_orders",
        "flagged",
        "orders with the same customer and amount as another order within 60 seconds: possible"
            + " double submissions");
    flagFinding(
        findings,
        "orders",
        "return_or_cancellation",
        "returns_and_cancellations",
        "flagged",
        "returned or cancelled orders: kept, not counted as purchases");
    if (read.contains(Source.CUSTOMERS)) {
      store.execute(
          "INSERT INTO flags SELECT 'orders', _line, 'unknown_customer' FROM orders o WHERE NOT"
              + " EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = o.customer_id)");
      flagFinding(
          findings,
          "orders",
          "unknown_customer",
          "unknown_customers",
          "flagged",
          "orders whose customer_id is not in the customers file");
      store.execute(
          "CREATE OR REPLACE TEMP TABLE before_signup AS SELECT o._line FROM orders o JOIN"
              + " customers c USING (customer_id) WHERE c.signup_at IS NOT NULL AND o.ordered_at"
              + " < c.signup_at - INTERVAL 1 DAY");
      long early = store.count("SELECT count(*) FROM before_signup");
      if (early > 0) {
        findings.add(
            new DataHealth.Finding(
                "orders_before_signup",
                "orders",
                early,
                "reported",
                "orders dated more than a day before their customer's signup_at: check the time"
                    + " zones or the signup dates",
                store.longs("SELECT _line FROM before_signup ORDER BY _line LIMIT " + EXAMPLES)));
      }
    }
  }

  /** Items whose order was not accepted. */
  private void itemChecks(List<DataHealth.Finding> findings) throws SQLException {
    store.execute(
        "INSERT INTO flags SELECT 'order_items', _line, 'orphan_order_item' FROM order_items i "
            + "WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = i.order_id)");
    flagFinding(
        findings,
        "order_items",
        "orphan_order_item",
        "orphan_order_items",
        "flagged",
        "order items whose order is not among the accepted orders");
  }

  /** Quarantine-based checks, reported with examples. */
  private void quarantineChecks(List<DataHealth.Finding> findings) throws SQLException {
    for (String[] c :
        new String[][] {
          {"timestamp_in_future", "timestamps_in_future", "timestamps after the time of the run"},
          {
            "timestamp_before_1990",
            "timestamps_before_1990",
            "timestamps before 1990, often a default such as 1970-01-01"
          },
          {
            "negative_amount",
            "negative_amounts",
            "negative amounts on orders not marked returned or cancelled"
          },
          {
            "unknown_currency",
            "unknown_currencies",
            "currencies without a rate to "
                + settings.baseCurrency()
                + "; add them to the rates file"
          }
        }) {
      for (String source : quarantinedSources(c[0])) {
        long n =
            store.count(
                "SELECT count(*) FROM quarantine WHERE reason = '"
                    + c[0]
                    + "' AND source = '"
                    + source
                    + "'");
        findings.add(
            new DataHealth.Finding(
                c[1],
                source,
                n,
                "quarantined",
                c[2],
                store.longs(
                    "SELECT line FROM quarantine WHERE reason = '"
                        + c[0]
                        + "' AND source = '"
                        + source
                        + "' ORDER BY line LIMIT "
                        + EXAMPLES)));
      }
    }
  }

  /**
   * Says which consent default applied to customers whose consent_profiling is not given: the count
   * and lines of customers rows with it empty (customers seen only in other files have no consent
   * either). Always present, so data_health.json says which default a run used.
   */
  void consentDefault(List<DataHealth.Finding> findings) throws SQLException {
    boolean allow = config.defaultProfilingAllowed();
    boolean customers = read.contains(Source.CUSTOMERS);
    String empty = " FROM customers WHERE consent_profiling IS NULL";
    long n = customers ? store.count("SELECT count(*)" + empty) : 0;
    findings.add(
        new DataHealth.Finding(
            "consent_profiling_default",
            "customers",
            n,
            allow ? "reported" : "excluded",
            "customers rows with consent_profiling empty, and customers without a customers row:"
                + (allow
                    ? " consent.default_profiling is allow, so they are profiled (set it to deny to"
                        + " leave them out)"
                    : " consent.default_profiling is deny, so they are left out of profiling and"
                        + " segmentation (excluded_customers.csv)"),
            customers
                ? store.longs("SELECT _line" + empty + " ORDER BY _line LIMIT " + EXAMPLES)
                : List.of()));
  }

  private List<String> quarantinedSources(String reason) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var s = store.connection().createStatement();
        var r =
            s.executeQuery(
                "SELECT DISTINCT source FROM quarantine WHERE reason = '"
                    + reason
                    + "' ORDER BY 1")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  private void flagFinding(
      List<DataHealth.Finding> findings,
      String source,
      String flag,
      String check,
      String action,
      String detail)
      throws SQLException {
    String where = " FROM flags WHERE source = '" + source + "' AND flag = '" + flag + "'";
    long n = store.count("SELECT count(*)" + where);
    if (n > 0) {
      findings.add(
          new DataHealth.Finding(
              check,
              source,
              n,
              action,
              detail,
              store.longs("SELECT line" + where + " ORDER BY line LIMIT " + EXAMPLES)));
    }
  }
}
