package io.tessera.store;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.RecordRules;
import io.tessera.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The events file's {@link FastPath.Proof}: a line is proven when event_id, type and session_id are
 * unquoted printable ASCII without spaces or backslashes (event_id and type present); occurred_at
 * is {@code yyyy-MM-ddTHH:mm:ssZ}, a real date and time inside [1990, now + 1 day]; customer_id,
 * anonymous_id and device_id, when present, start with a letter and hold no {@code @} (so never an
 * email or a phone number, see {@link io.tessera.privacy.PersonalData#id}), customer_id at most
 * {@link CustomerId#MAX_LENGTH} characters; one of the ids or the email is present; an email is
 * replaced here by its pseudonym as the validator makes it; properties are a text the personal-data
 * rule keeps as it is. DuckDB lower-cases the type and converts the time.
 */
final class EventsProof implements FastPath.Proof {
  // contract columns (Source.EVENTS: required, then optional)
  private static final int EVENT_ID = 0;
  private static final int TYPE = 1;
  private static final int OCCURRED_AT = 2;
  private static final int CUSTOMER_ID = 3;
  private static final int ANONYMOUS_ID = 4;
  private static final int DEVICE_ID = 5;
  private static final int EMAIL = 6;
  private static final int SESSION_ID = 7;
  private static final int PROPERTIES = 8;
  private static final int[] IDS = {CUSTOMER_ID, ANONYMOUS_ID, DEVICE_ID};

  private final IngestSettings settings;
  private final int[] at;
  private final long latest;
  private final long earliest;
  private final Pseudonymizer masker;

  // properties texts the personal-data rule was asked about: their bytes, and whether it keeps them
  private final byte[][] keptKeys = new byte[1 << 14][];
  private final boolean[] keptValues = new boolean[1 << 14];
  private int keptSize;

  /**
   * @param at each contract column's position in the header, -1 when absent
   */
  EventsProof(IngestSettings settings, int[] at) {
    this.settings = settings;
    this.at = at.clone();
    this.latest = settings.now().plus(RecordRules.CLOCK_SKEW).getEpochSecond();
    this.earliest = RecordRules.EARLIEST.getEpochSecond();
    this.masker = settings.pseudonymizer();
  }

  @Override
  public String select(int c, String raw) {
    String fast =
        switch (c) {
          case TYPE -> "lower(" + raw + ")";
          case OCCURRED_AT -> "strptime(" + raw + ", '%Y-%m-%dT%H:%M:%SZ')";
          default -> raw;
        };
    // a J row holds Java's value in the same position (its time in t); no branch can fail
    String java = c == OCCURRED_AT ? "t" : raw;
    return "CASE WHEN m = 'J' THEN " + java + " ELSE " + fast + " END";
  }

  @Override
  public String tail() {
    return ", false, NULL"; // is_bot (the bot check sets it), session_key (no longer filled)
  }

  @Override
  public String[] stored(Object record) {
    Event e = (Event) record;
    return new String[] {
      e.eventId(),
      e.type(),
      null, // the time goes in column t
      e.customerId() == null ? null : e.customerId().value(),
      e.anonymousId(),
      e.deviceId(),
      e.emailPseudonym(),
      e.sessionId(),
      e.properties()
    };
  }

  @Override
  public Instant time(Object record) {
    return ((Event) record).occurredAt();
  }

  @Override
  public boolean prove(byte[] b, int from, int to, long number, LineFields l, ByteOut out) {
    long seconds = l.utcSeconds(b, at[OCCURRED_AT]);
    if (!l.token(b, at[EVENT_ID])
        || !l.token(b, at[TYPE])
        || seconds > latest
        || seconds < earliest) {
      return false;
    }
    boolean someone = false;
    for (int c : IDS) {
      int k = at[c];
      if (!l.empty(k)) {
        if (!l.plainId(b, k, c == CUSTOMER_ID ? CustomerId.MAX_LENGTH : Integer.MAX_VALUE)) {
          return false;
        }
        someone = true;
      }
    }
    int s = at[SESSION_ID];
    int p = at[PROPERTIES];
    if ((!l.empty(s) && !l.token(b, s)) || (!l.empty(p) && !propertiesKept(b, l, p))) {
      return false;
    }
    int e = at[EMAIL];
    String email = null;
    if (!l.empty(e)) {
      if (!l.token(b, e)) {
        return false;
      }
      email =
          emailStored(new String(b, l.start[e], l.end[e] - l.start[e], StandardCharsets.US_ASCII));
      if (email == null) {
        return false;
      }
      someone = true;
    }
    if (!someone) {
      return false;
    }
    // the email's pseudonym in its place, as the validator stores it
    FastPath.row(out, number, b, from, to, l, email == null ? -1 : e, email);
    return true;
  }

  /**
   * An email as the validator stores it (its pseudonym, or the normalised address without a key),
   * or null when it is not an email address; remembered per text, since a shop's events repeat
   * their customers' emails (8,460 distinct among 61,108 in the first million events at 100k).
   */
  private String emailStored(String raw) {
    String stored = emails.get(raw);
    if (stored == null) {
      String normalised = Pseudonymizer.normaliseEmail(raw);
      stored =
          normalised == null
              ? NOT_EMAIL
              : masker == null ? normalised : masker.pseudonym(normalised);
      if (emails.size() >= EMAILS) {
        emails.clear();
      }
      emails.put(raw, stored);
    }
    return stored == NOT_EMAIL ? null : stored;
  }

  private static final int EMAILS = 1 << 16;

  /** A text that is not an email address, in {@link #emails}; compared by identity. */
  private static final String NOT_EMAIL = new String("not an email");

  private final Map<String, String> emails = new HashMap<>();

  /**
   * Whether the personal-data rule keeps a properties field's text as it is, remembered per text
   * (its bytes as written determine it) in an open-addressing table, emptied when half full.
   */
  private boolean propertiesKept(byte[] b, LineFields l, int k) {
    int from = l.start[k];
    int to = l.end[k];
    if (from == to || (!l.quoted[k] && !l.token(b, k)) || b[from] == ' ' || b[to - 1] == ' ') {
      return false; // blank, stripped, or an unquoted text with spaces or \ (null in COPY)
    }
    // hashed on the length and the last bytes alone (the texts differ most at their ends: ids,
    // paths), compared in full below: the whole text's hash was a sixth of this path's time
    int h = to - from;
    for (int i = Math.max(from, to - 12); i < to; i++) {
      h = 31 * h + b[i];
    }
    int mask = keptKeys.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    for (byte[] key; (key = keptKeys[slot]) != null; slot = (slot + 1) & mask) {
      if (Arrays.equals(key, 0, key.length, b, from, to)) {
        return keptValues[slot];
      }
    }
    String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
    if (l.doubled[k]) {
      text = text.replace("\"\"", "\"");
    }
    boolean kept = text.equals(settings.personalData().propertiesText(text));
    if (keptSize >= keptKeys.length / 2) {
      Arrays.fill(keptKeys, null);
      keptSize = 0;
      slot = (h ^ (h >>> 16)) & mask;
    }
    keptKeys[slot] = Arrays.copyOfRange(b, from, to);
    keptValues[slot] = kept;
    keptSize++;
    return kept;
  }
}
