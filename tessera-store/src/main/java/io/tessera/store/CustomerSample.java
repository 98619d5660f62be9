package io.tessera.store;

import io.tessera.contract.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A sample of the customers with a completed order, fixed by their ids alone: those whose id's MD5
 * (as lower-case hex, compared as text) is at most {@code lastHash}, the {@code cap} smallest, so
 * that the same customers are drawn in every run whatever the files' order (a hash of the id, not a
 * row position), and a customer drawn at one size is drawn at every larger one ({@link
 * StoreRecords#sampled} reads their records only).
 *
 * @param buyers how many customers have a completed order (consent exclusions counted)
 * @param cap the most customers drawn
 * @param lastHash the largest MD5 drawn, or null: every buyer is drawn ({@code buyers <= cap})
 */
public record CustomerSample(long buyers, int cap, String lastHash) {
  public CustomerSample {
    if (cap < 1) {
      throw new IllegalArgumentException("a customer sample holds at least 1, got " + cap);
    }
  }

  /**
   * At most {@code cap} of the customers with a completed order in {@code orders} (a table or view
   * of the store); all of them when they are no more than {@code cap}.
   */
  static CustomerSample draw(Store store, String orders, int cap) {
    String buyers =
        " FROM "
            + orders
            + " WHERE status = '"
            + OrderStatus.COMPLETED.wireName()
            + "' AND customer_id IS NOT NULL";
    try (Statement s = store.connection().createStatement()) {
      long count;
      try (ResultSet r = s.executeQuery("SELECT count(DISTINCT customer_id)" + buyers)) {
        r.next();
        count = r.getLong(1);
      }
      if (count <= cap) {
        return new CustomerSample(count, cap, null);
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT h FROM (SELECT DISTINCT md5(customer_id) AS h"
                  + buyers
                  + ") ORDER BY h LIMIT 1 OFFSET "
                  + (cap - 1))) {
        r.next();
        return new CustomerSample(count, cap, r.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
  }

  /**
   * The SQL condition on a query's {@code customer_id} that keeps the drawn customers' rows: a
   * semi-join on the drawn ids of {@code orders} (hashed once per order, not once per event).
   */
  String condition(String orders) {
    return "customer_id IN (SELECT customer_id FROM "
        + orders
        + " WHERE status = '"
        + OrderStatus.COMPLETED.wireName()
        + "' AND md5(customer_id) <= '"
        + lastHash
        + "')";
  }

  /** Whether some buyers are left out. */
  public boolean sampled() {
    return lastHash != null;
  }

  /** How many buyers are drawn. */
  public long customers() {
    return sampled() ? cap : buyers;
  }

  /**
   * Whether a buyer (a customer with a completed order) with this id is drawn; says nothing of
   * other customers, who never are.
   */
  public boolean contains(String customerId) {
    return !sampled() || md5(customerId).compareTo(lastHash) <= 0;
  }

  /** The lower-case hex MD5 of a customer id's UTF-8 bytes, as DuckDB's {@code md5} gives it. */
  public static String md5(String customerId) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(customerId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
