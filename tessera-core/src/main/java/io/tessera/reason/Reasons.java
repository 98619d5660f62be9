package io.tessera.reason;

import java.util.ArrayList;
import java.util.List;

/**
 * One customer's reasons, cluster reasons first, each kind in its own order. Kept as a list while a
 * run works and formatted only when written: {@link #cell()} is the one definition of the {@code
 * reasons} cell of {@code customers.csv}, {@code "a; b | churn: c; d"} (the cluster reasons, then
 * {@code churn: } and the churn reasons; either part alone when the other is empty).
 *
 * @param items the reasons
 */
public record Reasons(List<Reason> items) {
  /** Between two reasons of one kind. */
  public static final String SEPARATOR = "; ";

  /** Before the churn reasons. */
  public static final String CHURN_LABEL = "churn: ";

  /** Between the cluster part and the churn part. */
  public static final String PART_SEPARATOR = " | ";

  /** No reasons (an empty cell). */
  public static final Reasons NONE = new Reasons(List.of());

  public Reasons {
    items = List.copyOf(items);
  }

  /**
   * A customer's reasons.
   *
   * @param cluster why they are in their cluster, or empty
   * @param churn what drives their churn score, or empty
   */
  public static Reasons of(List<String> cluster, List<String> churn) {
    List<Reason> out = new ArrayList<>(cluster.size() + churn.size());
    cluster.forEach(t -> out.add(new Reason(Reason.Kind.CLUSTER, t)));
    churn.forEach(t -> out.add(new Reason(Reason.Kind.CHURN, t)));
    return new Reasons(out);
  }

  /** The texts of one kind, in order. */
  public List<String> texts(Reason.Kind kind) {
    return items.stream().filter(r -> r.kind() == kind).map(Reason::text).toList();
  }

  /** The {@code reasons} cell: {@code "a; b | churn: c"}, empty without reasons. */
  public String cell() {
    String cluster = String.join(SEPARATOR, texts(Reason.Kind.CLUSTER));
    List<String> churn = texts(Reason.Kind.CHURN);
    if (churn.isEmpty()) {
      return cluster;
    }
    return (cluster.isEmpty() ? "" : cluster + PART_SEPARATOR)
        + CHURN_LABEL
        + String.join(SEPARATOR, churn);
  }

  /**
   * The reasons of a {@link #cell()} (a {@code customers.csv} cell, or one kept by an older store):
   * the inverse of {@link #cell()} for reasons that do not themselves contain the separators.
   *
   * @param cell the cell, or null (no reasons)
   */
  public static Reasons parseCell(String cell) {
    if (cell == null || cell.isBlank()) {
      return NONE;
    }
    String cluster = cell;
    String churn = "";
    if (cell.startsWith(CHURN_LABEL)) {
      cluster = "";
      churn = cell.substring(CHURN_LABEL.length());
    } else {
      int at = cell.indexOf(PART_SEPARATOR + CHURN_LABEL);
      if (at >= 0) {
        cluster = cell.substring(0, at);
        churn = cell.substring(at + PART_SEPARATOR.length() + CHURN_LABEL.length());
      }
    }
    return of(split(cluster), split(churn));
  }

  private static List<String> split(String part) {
    return part.isBlank() ? List.of() : List.of(part.split(SEPARATOR));
  }

  @Override
  public String toString() {
    return cell();
  }
}
