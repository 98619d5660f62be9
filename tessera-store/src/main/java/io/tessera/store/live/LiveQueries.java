package io.tessera.store.live;

import io.tessera.store.Db;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's reads of the live tables (on the shared second connection, {@link Db}): the change log
 * by position, by customer and by segment and day, and a customer's latest traits.
 */
public final class LiveQueries {
  private final Db db;

  public LiveQueries(Db db) {
    this.db = db;
  }

  private static final String CHANGE_COLUMNS =
      "SELECT seq, changed_at, customer_id, segment_id, change, cause, cause_event_id FROM"
          + " membership_changes";

  private static MembershipChange change(java.sql.ResultSet r) throws java.sql.SQLException {
    return new MembershipChange(
        r.getLong(1),
        Db.instant(r, 2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7));
  }

  /** At most {@code limit} changes after {@code seq}, in log order. */
  public List<MembershipChange> changesAfter(long seq, int limit) {
    return db.query(
        CHANGE_COLUMNS + " WHERE seq > ? ORDER BY seq LIMIT ?", LiveQueries::change, seq, limit);
  }

  /** A customer's changes, oldest first. */
  public List<MembershipChange> changesOf(String customerId) {
    return db.query(
        CHANGE_COLUMNS + " WHERE customer_id = ? ORDER BY seq", LiveQueries::change, customerId);
  }

  /** Members that entered minus members that left, per day (UTC) of the change log. */
  public Map<LocalDate, Long> segmentNetChangeByDay(String segmentId) {
    Map<LocalDate, Long> out = new LinkedHashMap<>();
    for (Object[] row :
        db.query(
            "SELECT changed_at::DATE, sum(CASE change WHEN 'entered' THEN 1 ELSE -1 END) FROM"
                + " membership_changes WHERE segment_id = ? GROUP BY 1 ORDER BY 1",
            r -> new Object[] {r.getObject(1, LocalDate.class), r.getLong(2)},
            segmentId)) {
      out.put((LocalDate) row[0], (Long) row[1]);
    }
    return out;
  }

  /** The traits (JSON text) of the customer's latest identify that had any, or null. */
  public String latestTraits(String customerId) {
    List<String> traits =
        db.queryNow(
            "SELECT traits FROM live_traits WHERE customer_id = ? ORDER BY received_at DESC LIMIT"
                + " 1",
            r -> r.getString(1),
            customerId);
    return traits.isEmpty() ? null : traits.get(0);
  }
}
