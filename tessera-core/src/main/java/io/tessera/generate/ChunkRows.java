package io.tessera.generate;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The rows one {@link ShopChunk} writes: each file's CSV text, its row count, the faults injected
 * into a share of rows (one per faulty row, counted by the quarantine reason ingestion reports),
 * and the text of times and amounts. It draws from the chunk's own random stream, in the chunk's
 * order.
 */
final class ChunkRows {
  private final SplittableRandom rnd;
  private final double faultRate;
  private final StringBuilder[] out = new StringBuilder[SyntheticShop.FILES.size()];
  private final long[] rows = new long[SyntheticShop.FILES.size()];
  private final Map<String, Map<String, Long>> faults = new TreeMap<>();
  private final long firstDay;
  private final String[] dates;

  ChunkRows(
      SplittableRandom rnd,
      double faultRate,
      int customers,
      long startEpochSecond,
      long endEpochSecond) {
    this.rnd = rnd;
    this.faultRate = faultRate;
    this.firstDay = Math.floorDiv(startEpochSecond, 86_400) - 800;
    this.dates = new String[(int) (Math.floorDiv(endEpochSecond, 86_400) - firstDay + 400)];
    for (int i = 0; i < out.length; i++) {
      out[i] = new StringBuilder(customers * 200);
    }
  }

  /** The rows of one file as UTF-8 bytes. */
  byte[] bytes(String file) {
    return out[fileIndex(file)].toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Drops the text of file {@code i} once it is encoded. */
  void release(int i) {
    out[i] = null;
  }

  long rowCount(String file) {
    return rows[SyntheticShop.FILES.indexOf(file)];
  }

  Map<String, Map<String, Long>> faults() {
    return faults;
  }

  /**
   * Writes a row; when {@code mayFault}, a share of rows gets exactly one injected fault (or an
   * extra exact copy), counted under the quarantine reason word that ingestion reports.
   */
  void row(String file, String[] fields, boolean mayFault) {
    if (mayFault && rnd.nextDouble() < faultRate) {
      String kind = injectFault(file, fields);
      count(file, kind);
      if (kind.equals("duplicate_id")) {
        emit(file, fields);
        emit(file, fields);
        return;
      }
      if (kind.equals("malformed_row")) {
        String[] longer = Arrays.copyOf(fields, fields.length + 1);
        longer[fields.length] = "unexpected";
        emit(file, longer);
        return;
      }
    }
    emit(file, fields);
  }

  /** Changes {@code fields} in place to carry one fault and returns its kind. */
  private String injectFault(String file, String[] f) {
    String[] kinds =
        switch (file) {
          case "customers" ->
              new String[] {
                "malformed_row", "missing_required", "bad_number", "invalid_value", "duplicate_id"
              };
          case "orders" ->
              new String[] {
                "malformed_row",
                "missing_required",
                "bad_timestamp",
                "bad_number",
                "invalid_value",
                "timestamp_in_future",
                "timestamp_before_1990",
                "unknown_currency",
                "negative_amount",
                "duplicate_id"
              };
          case "order_items" -> new String[] {"malformed_row", "missing_required", "bad_number"};
          case "events" ->
              new String[] {
                "malformed_row",
                "missing_required",
                "bad_timestamp",
                "timestamp_in_future",
                "timestamp_before_1990",
                "duplicate_id"
              };
          case "interactions" ->
              new String[] {"missing_required", "bad_timestamp", "invalid_value", "duplicate_id"};
          case "reviews" ->
              new String[] {"missing_required", "bad_number", "invalid_value", "duplicate_id"};
          default -> throw new IllegalArgumentException(file);
        };
    String kind = kinds[rnd.nextInt(kinds.length)];
    int ts =
        switch (file) {
          case "orders", "events", "interactions", "reviews" -> 2;
          default -> -1;
        };
    switch (kind) {
      case "missing_required" -> f[file.equals("order_items") ? 1 : 0] = "";
      case "bad_timestamp" -> f[ts] = "2026-13-45 25:61";
      case "timestamp_in_future" -> f[ts] = "2099" + f[ts].substring(4);
      case "timestamp_before_1990" -> f[ts] = "1970-01-01T00:00:00Z";
      case "bad_number" -> {
        switch (file) {
          case "customers" -> f[7] = "19x5";
          case "orders" -> f[3] = "12,3x";
          case "order_items" -> f[3] = "two";
          case "reviews" -> f[3] = "five";
          default -> throw new IllegalStateException(file);
        }
      }
      case "invalid_value" -> {
        switch (file) {
          case "customers" -> f[1] = "not-an-email";
          case "orders" -> f[5] = "lost";
          case "interactions" -> f[3] = "pigeon";
          case "reviews" -> f[3] = "7";
          default -> throw new IllegalStateException(file);
        }
      }
      case "unknown_currency" -> f[4] = "ZZZ";
      case "negative_amount" -> {
        f[3] = "-" + f[3];
        f[5] = "completed";
      }
      default -> {
        // malformed_row and duplicate_id change the line, not the fields
      }
    }
    return kind;
  }

  void count(String file, String kind) {
    faults.computeIfAbsent(file, k -> new TreeMap<>()).merge(kind, 1L, Long::sum);
  }

  private void emit(String file, String[] fields) {
    int i = fileIndex(file);
    StringBuilder sb = out[i];
    for (int k = 0; k < fields.length; k++) {
      if (k > 0) {
        sb.append(',');
      }
      csv(sb, fields[k]);
    }
    sb.append('\n');
    rows[i]++;
  }

  private static int fileIndex(String file) {
    return switch (file) {
      case "customers" -> 0;
      case "orders" -> 1;
      case "order_items" -> 2;
      case "events" -> 3;
      case "interactions" -> 4;
      case "reviews" -> 5;
      default -> throw new IllegalArgumentException(file);
    };
  }

  private static void csv(StringBuilder sb, String v) {
    // indexOf is vectorised by the JIT: much faster than a charAt loop on this hot path
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      sb.append(v);
      return;
    }
    sb.append('"').append(v.replace("\"", "\"\"")).append('"');
  }

  /** ISO-8601 UTC text of a time; faster than Instant.toString on this hot path (dates cached). */
  String iso(long epochSecond) {
    long day = Math.floorDiv(epochSecond, 86_400);
    int second = (int) (epochSecond - day * 86_400);
    int slot = (int) (day - firstDay);
    String date;
    if (slot >= 0 && slot < dates.length) {
      date = dates[slot];
      if (date == null) {
        date = LocalDate.ofEpochDay(day) + "T";
        dates[slot] = date;
      }
    } else {
      date = LocalDate.ofEpochDay(day) + "T";
    }
    char[] c = new char[date.length() + 9];
    date.getChars(0, date.length(), c, 0);
    int i = date.length();
    int h = second / 3600;
    int m = second / 60 % 60;
    int sec = second % 60;
    c[i] = (char) ('0' + h / 10);
    c[i + 1] = (char) ('0' + h % 10);
    c[i + 2] = ':';
    c[i + 3] = (char) ('0' + m / 10);
    c[i + 4] = (char) ('0' + m % 10);
    c[i + 5] = ':';
    c[i + 6] = (char) ('0' + sec / 10);
    c[i + 7] = (char) ('0' + sec % 10);
    c[i + 8] = 'Z';
    return new String(c);
  }

  static String money(double v) {
    long cents = Math.round(v * 100);
    String sign = cents < 0 ? "-" : "";
    cents = Math.abs(cents);
    long whole = cents / 100;
    long frac = cents % 100;
    return sign + whole + "." + (frac < 10 ? "0" : "") + frac;
  }
}
