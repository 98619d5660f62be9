package io.tessera.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plants identities into a chunk of the synthetic shop, from its own random stream so that the rest
 * of the shop is the same bytes with or without them, and writes {@code truth/identities.csv}
 * ({@code person_id,kind,value,role}).
 *
 * <p>True identities (the same person under several identifiers), each planted for a share {@code
 * identityRate} of customers: a second account with the same email written differently ({@code
 * second_account_email}), a second account without email but the same phone, birth year, gender and
 * region, as a shop or call-centre sign-up makes ({@code second_account_phone}), a new browser
 * where the person signs up to the newsletter with a second email, logs in, and later clicks a
 * newsletter in yet another browser ({@code new_browser}, {@code second_email_browser}), and a new
 * device used anonymously before a login ({@code new_device}).
 *
 * <p>Traps, {@code trapRate} groups per customer: a family tablet logged in by two or three
 * different customers ({@code trap_family_device}), a household of two or three accounts without
 * email sharing a home phone, a region and a tablet, born years apart ({@code trap_household}), a
 * shop's test email on several accounts and typed by anonymous visitors ({@code trap_test_email}),
 * a call-centre phone on several phone-order accounts ({@code trap_call_centre}), and a different
 * person whose phone and email differ from a customer's by one typo and who shares their birth
 * year, gender and region ({@code trap_typo}). Trap accounts are persons of their own; the family
 * tablet belongs to nobody (empty person).
 */
final class IdentityPlanting {
  private final ShopChunk chunk;
  private final SplittableRandom rnd;
  private final double identityRate;
  private final double trapRate;
  private final long start;
  private final long end;
  private final StringBuilder truth = new StringBuilder();
  private final List<String> recent = new ArrayList<>(); // customer ids of this chunk, consenting
  private final List<String[]> recentRows = new ArrayList<>();
  private int sequence;

  IdentityPlanting(
      ShopChunk chunk,
      long seed,
      int chunkIndex,
      double identityRate,
      double trapRate,
      long start,
      long end) {
    this.chunk = chunk;
    this.rnd = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + chunkIndex * 131L + 17);
    this.identityRate = identityRate;
    this.trapRate = trapRate;
    this.start = start;
    this.end = end;
  }

  byte[] truthBytes() {
    return truth.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * After one customer: their own identifiers into the truth, then maybe a planted identity.
   *
   * @param row the customers row as generated (before any injected fault)
   * @param anonymousId the web anonymous id or, for an app user, the id the device id derives from
   * @param sessions whether any session (hence the anonymous id or device) was written
   */
  void afterCustomer(String id, String[] row, String anonymousId, boolean app, boolean sessions) {
    boolean consent = row[10].equals("true");
    truth(id, "customer_id", id, consent ? "account" : "no_consent");
    if (sessions) {
      if (app) {
        truth(id, "device_id", "D" + anonymousId.substring(1), consent ? "device" : "no_consent");
      } else {
        truth(id, "anonymous_id", anonymousId, consent ? "anonymous" : "no_consent");
      }
    }
    if (!row[10].equals("true")) {
      // never linked: the evaluation checks that none of their identifiers joins anyone
      return;
    }
    recent.add(id);
    recentRows.add(row);
    if (identityRate <= 0 || rnd.nextDouble() >= identityRate) {
      return;
    }
    String digits = id.substring(1);
    long from = Math.max(start, parse(row[3]));
    switch (rnd.nextInt(4)) {
      case 0 -> {
        String k = "K" + digits;
        String[] second = row.clone();
        second[0] = k;
        second[1] = "  " + row[1].toUpperCase(Locale.ROOT) + " ";
        second[3] = chunk.isoTime(time(from));
        account(second, "store");
        truth(id, "customer_id", k, "second_account_email");
      }
      case 1 -> {
        String k = "K" + digits;
        String[] second = row.clone();
        second[0] = k;
        second[1] = "";
        second[2] = row[2].replace("-", " ");
        second[3] = chunk.isoTime(time(from));
        // what a shop assistant types: sometimes no region or gender, a birth year one off
        if (rnd.nextDouble() < 0.2) {
          second[5] = "";
        }
        if (rnd.nextDouble() < 0.2) {
          second[6] = "";
        }
        if (rnd.nextDouble() < 0.1) {
          second[7] = Integer.toString(Integer.parseInt(row[7]) + (rnd.nextBoolean() ? 1 : -1));
        }
        account(second, "store");
        truth(id, "customer_id", k, "second_account_phone");
      }
      case 2 -> {
        String browser = "N" + digits + "x" + rnd.nextInt(1 << 16);
        String later = "L" + digits + "x" + rnd.nextInt(1 << 16);
        String second = "alt." + digits.toLowerCase(Locale.ROOT) + "@mail.example.org";
        long t = time(from);
        event(id, "page_view", t, "", browser, "", "");
        event(id, "newsletter_signup", t + 40, "", browser, "", second);
        event(id, "login", t + 90, id, browser, "", "");
        event(id, "product_view", t + 120, id, browser, "", "");
        long t2 = time(from);
        event(id, "email_click", t2, "", later, "", second);
        event(id, "page_view", t2 + 20, "", later, "", "");
        truth(id, "anonymous_id", browser, "new_browser");
        truth(id, "anonymous_id", later, "second_email_browser");
      }
      default -> {
        String device = "M" + digits + "x" + rnd.nextInt(1 << 16);
        long t = time(from);
        event(id, "app_open", t, "", "", device, "");
        event(id, "product_view", t + 30, "", "", device, "");
        event(id, "login", t + 60, id, "", device, "");
        event(id, "product_view", t + 90, id, "", device, "");
        truth(id, "device_id", device, "new_device");
      }
    }
  }

  /** The chunk's traps, after its customers. */
  void traps(int customers) {
    int groups = (int) Math.round(customers * trapRate);
    for (int g = 0; g < groups && recent.size() >= 3; g++) {
      String tag = chunk.firstCustomerTag() + "x" + g;
      switch (rnd.nextInt(5)) {
        case 0 -> {
          String tablet = "T" + tag;
          int members = 2 + rnd.nextInt(2);
          int at = rnd.nextInt(recent.size() - members + 1);
          for (int m = 0; m < members; m++) {
            login(recent.get(at + m), tablet);
          }
          truth("", "device_id", tablet, "trap_family_device");
        }
        case 1 -> {
          // a household: a home phone, one region and a tablet, people of different ages
          String tablet = "H" + tag;
          String home = "+82 31-" + (200 + rnd.nextInt(700)) + "-" + (1000 + rnd.nextInt(9000));
          int members = 2 + rnd.nextInt(2);
          int born = 1950 + rnd.nextInt(20);
          for (int k = 0; k < members; k++) {
            String h = "H" + tag + "x" + k;
            String[] row = testAccount(h, "", home);
            row[4] = "KR";
            row[5] = "Gyeonggi";
            row[7] = Integer.toString(born + k * (2 + rnd.nextInt(25)));
            account(row, "store");
            login(h, tablet);
            truth(h, "customer_id", h, "trap_household");
          }
          truth("", "device_id", tablet, "trap_household");
        }
        case 2 -> {
          int n = 4 + rnd.nextInt(5);
          for (int k = 0; k < n; k++) {
            String x = "X" + tag + "x" + k;
            account(testAccount(x, "qa-test@shop.example.com", phone()), "web");
            truth(x, "customer_id", x, "trap_test_email");
          }
          for (int k = 0; k < 2; k++) {
            String q = "Q" + tag + "x" + k;
            event(q, "newsletter_signup", time(start), "", q, "", "qa-test@shop.example.com");
            truth(q, "anonymous_id", q, "trap_test_email");
          }
        }
        case 3 -> {
          int n = 4 + rnd.nextInt(5);
          for (int k = 0; k < n; k++) {
            String p = "P" + tag + "x" + k;
            account(testAccount(p, "", "+82 2-1588-" + (1000 + g % 9000)), "call");
            truth(p, "customer_id", p, "trap_call_centre");
          }
        }
        default -> {
          String y = "Y" + tag;
          String[] row = recentRows.get(rnd.nextInt(recentRows.size())).clone();
          row[0] = y;
          row[1] = typo(row[1].strip().toLowerCase(Locale.ROOT));
          row[2] = typoDigit(row[2]);
          row[3] = chunk.isoTime(time(start));
          account(row, "web");
          truth(y, "customer_id", y, "trap_typo");
        }
      }
    }
  }

  /** A short app session on a device, logged in as {@code who}. */
  private void login(String who, String device) {
    long t = time(start);
    event(who, "app_open", t, "", "", device, "");
    event(who, "login", t + 30, who, "", device, "");
    event(who, "product_view", t + 60, who, "", device, "");
  }

  private String[] testAccount(String id, String email, String phone) {
    boolean korea = phone.startsWith("+82");
    return new String[] {
      id,
      email,
      phone,
      chunk.isoTime(time(start)),
      korea ? "KR" : "US",
      korea ? "Seoul" : "NY",
      rnd.nextBoolean() ? "female" : "male",
      Integer.toString(1950 + rnd.nextInt(55)),
      "true",
      "false",
      "true"
    };
  }

  /** A plausible phone with its country code (so it parses whatever the row's country). */
  private String phone() {
    return "+1 "
        + (201 + rnd.nextInt(700))
        + "-"
        + (200 + rnd.nextInt(700))
        + "-"
        + (1000 + rnd.nextInt(9000));
  }

  /** An account row plus one completed order and a service contact, so it is a customer. */
  private void account(String[] row, String channel) {
    chunk.emitRow("customers", row);
    String id = row[0];
    long t = time(Math.max(start, parse(row[3])));
    String orderId = "O" + id + "-" + (++sequence);
    double amount = 20 + rnd.nextInt(180);
    chunk.emitRow(
        "orders",
        new String[] {
          orderId, id, chunk.isoTime(t), amount + "0", "USD", "completed", channel, ""
        });
    chunk.emitRow(
        "order_items",
        new String[] {orderId, "Ph" + (100 + rnd.nextInt(400)), "home", "1", amount + "0"});
    chunk.emitRow(
        "interactions",
        new String[] {
          "I" + id + "-" + sequence,
          id,
          chunk.isoTime(Math.min(end, t + 3600)),
          "call",
          "inquiry",
          "When will my order ship?"
        });
  }

  private void event(
      String owner,
      String type,
      long t,
      String customer,
      String anonymous,
      String device,
      String email) {
    if (t > end) {
      return;
    }
    chunk.emitRow(
        "events",
        new String[] {
          "E" + owner + "-i" + (++sequence),
          type,
          chunk.isoTime(t),
          customer,
          anonymous,
          device,
          email,
          "",
          ""
        });
  }

  private long time(long from) {
    long lo = Math.max(start, from);
    return lo >= end ? end : lo + (long) (rnd.nextDouble() * (end - 3600 - lo));
  }

  private static long parse(String iso) {
    return java.time.Instant.parse(iso).getEpochSecond();
  }

  /** One letter of the local part swapped for another. */
  private String typo(String email) {
    int at = email.indexOf('@');
    int i = rnd.nextInt(Math.max(1, at));
    char c = email.charAt(i);
    char r = c == 'x' ? 'y' : 'x';
    return email.substring(0, i) + r + email.substring(i + 1);
  }

  /** The last digit of a phone number changed. */
  private String typoDigit(String phone) {
    for (int i = phone.length() - 1; i >= 0; i--) {
      char c = phone.charAt(i);
      if (Character.isDigit(c)) {
        return phone.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + phone.substring(i + 1);
      }
    }
    return phone;
  }

  private void truth(String person, String kind, String value, String role) {
    truth
        .append(person)
        .append(',')
        .append(kind)
        .append(',')
        .append(value)
        .append(',')
        .append(role)
        .append('\n');
  }
}
