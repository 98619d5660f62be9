package io.tessera.store.live;

import io.tessera.store.Db;
import java.time.Instant;
import java.util.List;

/** The server's log of batch runs ({@code batch_runs}): one row per run, its status and files. */
public final class RunTables {
  /**
   * A run as stored: its status by wire name, its output directory as written, its file list as a
   * JSON array (null when never set).
   */
  public record StoredRun(
      String id,
      String status,
      String message,
      Instant startedAt,
      Instant finishedAt,
      String out,
      String filesJson,
      String startedBy) {}

  private static final String SELECT =
      "SELECT id, status, message, started_at, finished_at, out, files, started_by FROM"
          + " batch_runs";

  private final Db db;

  /** The run log of {@code db}'s store, created when missing. */
  public RunTables(Db db) {
    this.db = db;
    db.update(
        "CREATE TABLE IF NOT EXISTS batch_runs (id VARCHAR, status VARCHAR, message VARCHAR,"
            + " started_at TIMESTAMP, finished_at TIMESTAMP, out VARCHAR, files JSON, started_by"
            + " VARCHAR)");
  }

  /** Sets every run of status {@code from} to {@code to}, finished at {@code at} with a message. */
  public void markAll(String from, String to, Instant at, String message) {
    db.update(
        "UPDATE batch_runs SET status = ?, finished_at = ?, message = ? WHERE status = ?",
        to,
        at,
        message,
        from);
  }

  /** A run by id, or null. */
  public StoredRun get(String id) {
    return db.query(SELECT + " WHERE id = ?", RunTables::run, id).stream().findFirst().orElse(null);
  }

  /** The latest runs, newest first. */
  public List<StoredRun> latest(int limit) {
    return db.query(SELECT + " ORDER BY started_at DESC, id DESC LIMIT ?", RunTables::run, limit);
  }

  /** The ids of the runs of one status. */
  public List<String> ids(String status) {
    return db.query("SELECT id FROM batch_runs WHERE status = ?", x -> x.getString(1), status);
  }

  /** Records a run that started, with no message, end or files yet. */
  public void started(String id, String status, Instant startedAt, String out, String startedBy) {
    db.update(
        "INSERT INTO batch_runs VALUES (?, ?, NULL, ?, NULL, ?, '[]', ?)",
        id,
        status,
        startedAt,
        out,
        startedBy);
  }

  /** Records how a run ended. */
  public void ended(
      String id, String status, String message, Instant finishedAt, String filesJson) {
    db.update(
        "UPDATE batch_runs SET status = ?, message = ?, finished_at = ?, files = ? WHERE id = ?",
        status,
        message,
        finishedAt,
        filesJson,
        id);
  }

  private static StoredRun run(java.sql.ResultSet r) throws java.sql.SQLException {
    return new StoredRun(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        Db.instant(r, 4),
        Db.instant(r, 5),
        r.getString(6),
        r.getString(7),
        r.getString(8));
  }
}
