package io.tessera.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The rows of a DuckDB query (a config's SQL source, or a Parquet / JSONL file), as text. */
final class SqlRowSource implements RowSource {
  private final Statement statement;
  private final ResultSet rows;
  private final List<String> header;
  private long line;
  private String[] fields;

  SqlRowSource(Connection connection, String sql, String where) {
    try {
      this.statement = connection.createStatement();
      this.rows = statement.executeQuery(sql);
      ResultSetMetaData meta = rows.getMetaData();
      List<String> h = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        h.add(meta.getColumnLabel(i));
      }
      this.header = List.copyOf(h);
    } catch (SQLException e) {
      throw new ConfigException(
          where
              + ": the query failed: "
              + firstLine(e.getMessage())
              + "; check the SQL (DuckDB dialect) and the file paths in it, which resolve against"
              + " the config's folder",
          e);
    }
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public boolean next() throws java.io.IOException {
    try {
      if (!rows.next()) {
        return false;
      }
      line++;
      String[] f = new String[header.size()];
      for (int i = 0; i < f.length; i++) {
        Object v = rows.getObject(i + 1);
        f[i] = v == null ? null : text(v);
      }
      fields = f;
      return true;
    } catch (SQLException e) {
      throw new java.io.IOException(
          "reading the query's row " + (line + 1) + " failed: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Timestamps as ISO text so the validator reads them the same way as in files, always with the
   * seconds ({@code toString()} drops them when they are zero, 2025-10-18T01:00Z).
   */
  private static String text(Object v) {
    if (v instanceof java.sql.Timestamp ts) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(ts.toLocalDateTime());
    }
    if (v instanceof java.time.OffsetDateTime odt) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(odt);
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return v.toString();
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public String[] fields() {
    return fields;
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      rows.close();
      statement.close();
    } catch (SQLException e) {
      throw new java.io.IOException(e);
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
