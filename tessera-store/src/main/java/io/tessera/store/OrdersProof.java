package io.tessera.store;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.RecordRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The orders file's {@link FastPath.Proof}: a line is proven when order_id is unquoted printable
 * ASCII without spaces or backslashes; customer_id such a text that starts with a letter and holds
 * no {@code @} (never an email or a phone number), at most {@link CustomerId#MAX_LENGTH} bytes;
 * ordered_at {@code yyyy-MM-ddTHH:mm:ssZ}, a real date and time inside [1990, now + 1 day]; amount
 * an unsigned decimal ({@link LineFields#decimal}) that is at most {@link Money#MAX_AMOUNT} in the
 * base currency too; currency empty (the base currency) or three upper-case letters with a rate;
 * status empty or one of the words {@link OrderStatus#parse} knows, in lower case; channel empty or
 * such a text; and every extra column's value (an attribute) empty or such a text, one the
 * personal-data rule keeps as it is.
 *
 * <p>Unlike the other proofs it converts the line itself: the amount in the base currency and the
 * attributes (the original currency and amount among them) are computed here with the validator's
 * arithmetic and {@link AttributesJson}, and written as a {@code J} row writes them, so DuckDB
 * reads Java's texts either way.
 */
final class OrdersProof implements FastPath.Proof {
  // contract columns (Source.ORDERS: required, then optional)
  private static final int ORDER_ID = 0;
  private static final int CUSTOMER_ID = 1;
  private static final int ORDERED_AT = 2;
  private static final int AMOUNT = 3;
  private static final int CURRENCY = 4;
  private static final int STATUS = 5;
  private static final int CHANNEL = 6;
  private static final int COLUMNS = 7;

  private final IngestSettings settings;
  private final int[] at;
  private final int width;
  private final long latest;
  private final long earliest;
  private final String base;

  /** Each header position's contract column, or -1. */
  private final int[] columnAt;

  /** The validator's extra columns (attributes): names in lower case, and their positions. */
  private final String[] extraNames;

  private final int[] extraAt;

  /**
   * Per extra column, the texts the personal-data rule was asked about and whether it keeps them.
   */
  private final List<Map<String, Boolean>> kept = new ArrayList<>();

  private static final int KEPT = 1 << 14;

  private final StringBuilder row = new StringBuilder(256);
  private final String[] values = new String[COLUMNS];

  /**
   * @param at each contract column's position in the header, -1 when absent
   * @param header the file's header as read
   */
  OrdersProof(IngestSettings settings, int[] at, List<String> header) {
    this.settings = settings;
    this.at = at.clone();
    this.width = header.size();
    this.latest = settings.now().plus(RecordRules.CLOCK_SKEW).getEpochSecond();
    this.earliest = RecordRules.EARLIEST.getEpochSecond();
    this.base = settings.baseCurrency();
    this.columnAt = new int[width];
    java.util.Arrays.fill(columnAt, -1);
    for (int c = 0; c < at.length; c++) {
      if (at[c] >= 0) {
        columnAt[at[c]] = c;
      }
    }
    // the validator's rule (RowValidator): header names stripped and in lower case, neither a
    // contract column nor starting with '_', each name once, its value from the first column of it
    Set<String> known = new HashSet<>(FastPath.contractColumns(io.tessera.contract.Source.ORDERS));
    List<String> names = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (!known.contains(name) && !name.startsWith("_") && !names.contains(name)) {
        names.add(name);
        positions.add(firstOf(header, name));
        kept.add(new HashMap<>());
      }
    }
    this.extraNames = names.toArray(String[]::new);
    this.extraAt = positions.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int firstOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  @Override
  public String select(int c, String raw) {
    // F and J rows alike hold Java's values: the time in t, the amount as Double.toString writes it
    // (read back as the same double), the status's wire name; an absent currency or status column
    // is the base currency or "completed", as the validator makes them
    return switch (c) {
      case ORDERED_AT -> "t";
      case AMOUNT -> "CAST(" + raw + " AS DOUBLE)";
      case CURRENCY -> "'" + base.replace("'", "''") + "'"; // Money.of(amount * rate, base)
      case STATUS -> "coalesce(" + raw + ", 'completed')";
      default -> raw;
    };
  }

  @Override
  public String tail() {
    return ", x"; // the attributes' JSON
  }

  @Override
  public String[] stored(Object record) {
    Order o = (Order) record;
    return new String[] {
      o.orderId(),
      o.customerId().value(),
      null, // the time goes in column t
      Double.toString(o.amount().amount()),
      o.amount().currency(),
      o.status().wireName(),
      o.channel()
    };
  }

  @Override
  public Instant time(Object record) {
    return ((Order) record).orderedAt();
  }

  @Override
  public String extra(Object record) {
    return AttributesJson.write(((Order) record).attributes());
  }

  @Override
  public boolean prove(byte[] b, int from, int to, long number, LineFields l, ByteOut out) {
    long seconds = l.utcSeconds(b, at[ORDERED_AT]);
    if (seconds > latest
        || seconds < earliest
        || !l.token(b, at[ORDER_ID])
        || !l.plainId(b, at[CUSTOMER_ID], CustomerId.MAX_LENGTH)
        || l.decimal(b, at[AMOUNT]) < 1) {
      return false;
    }
    String currency = base;
    int k = at[CURRENCY];
    if (!l.empty(k)) {
      if (l.end[k] - l.start[k] != 3 || !upper(b, l.start[k], l.end[k])) {
        return false; // blank, lower case and the rest go to the validator
      }
      currency = ascii(b, l, k);
    }
    Double rate = settings.rate(currency);
    if (rate == null) {
      return false;
    }
    OrderStatus status = OrderStatus.COMPLETED;
    k = at[STATUS];
    if (!l.empty(k)) {
      status = status(b, l, k);
      if (status == null) {
        return false;
      }
    }
    k = at[CHANNEL];
    if (!l.empty(k) && !l.token(b, k)) {
      return false;
    }
    // the validator's arithmetic: the text as Double.parseDouble reads it (an unsigned decimal has
    // no letter and is finite), then RecordRules.checkAmount and checkOrderAmount
    double amount = Double.parseDouble(ascii(b, l, at[AMOUNT]));
    double inBase = amount * rate;
    if (!(amount <= Money.MAX_AMOUNT && inBase >= 0 && inBase <= Money.MAX_AMOUNT)) {
      return false; // negative or beyond the bound: the validator says which
    }
    Map<String, String> attributes = new HashMap<>();
    for (int e = 0; e < extraAt.length; e++) {
      int p = extraAt[e];
      if (l.empty(p)) {
        continue;
      }
      if (!l.token(b, p)) {
        return false;
      }
      String v = ascii(b, l, p);
      if (!keptAsIs(e, v)) {
        return false;
      }
      attributes.put(extraNames[e], v);
    }
    if (!currency.equals(base)) {
      attributes.put("original_currency", currency);
      attributes.put("original_amount", Double.toString(amount));
    }
    values[ORDER_ID] = ascii(b, l, at[ORDER_ID]);
    values[CUSTOMER_ID] = ascii(b, l, at[CUSTOMER_ID]);
    values[ORDERED_AT] = null;
    values[AMOUNT] = Double.toString(inBase);
    values[CURRENCY] = base;
    values[STATUS] = status.wireName();
    values[CHANNEL] = l.empty(at[CHANNEL]) ? null : ascii(b, l, at[CHANNEL]);
    row.setLength(0);
    BulkWriter w = new BulkWriter(row);
    w.begin(number).text("F").time(Instant.ofEpochSecond(seconds));
    w.text(AttributesJson.write(attributes));
    for (int i = 0; i < width; i++) {
      w.text(columnAt[i] < 0 ? null : values[columnAt[i]]);
    }
    w.end();
    out.append(row.toString());
    return true;
  }

  private static boolean upper(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 'A' || b[i] > 'Z') {
        return false;
      }
    }
    return true;
  }

  /** A status the validator reads, written in lower case as it knows it; else null. */
  private static OrderStatus status(byte[] b, LineFields l, int k) {
    if (!l.token(b, k)) {
      return null;
    }
    String text = ascii(b, l, k);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 'a' || text.charAt(i) > 'z') {
        return null;
      }
    }
    return switch (text) {
      case "completed", "complete", "returned", "return", "refunded", "cancelled", "canceled" ->
          OrderStatus.parse(text);
      default -> null;
    };
  }

  /** Whether the personal-data rule keeps extra column e's value as it is; remembered per text. */
  private boolean keptAsIs(int e, String v) {
    Map<String, Boolean> seen = kept.get(e);
    Boolean asIs = seen.get(v);
    if (asIs == null) {
      asIs = v.equals(settings.personalData().value(extraNames[e], v));
      if (seen.size() >= KEPT) {
        seen.clear();
      }
      seen.put(v, asIs);
    }
    return asIs;
  }

  private static String ascii(byte[] b, LineFields l, int k) {
    return new String(b, l.start[k], l.end[k] - l.start[k], StandardCharsets.US_ASCII);
  }
}
