package io.tessera.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** One chunk of customers with everything they did, generated from its own random stream. */
final class ShopChunk {
  private static final String[] CATEGORIES = {
    "electronics", "fashion", "beauty", "home", "grocery", "books", "sports"
  };

  /** Category taste per persona (weights over CATEGORIES). */
  private static final Map<Persona, double[]> TASTE =
      Map.of(
          Persona.VIP, new double[] {4, 4, 3, 2, 1, 1, 1},
          Persona.LOYAL, new double[] {1, 2, 2, 3, 4, 2, 1},
          Persona.BARGAIN_HUNTER, new double[] {1, 4, 3, 1, 3, 1, 1},
          Persona.NEW, new double[] {2, 3, 2, 2, 1, 1, 1},
          Persona.ONE_TIME, new double[] {2, 2, 1, 2, 1, 2, 2},
          Persona.LAPSING_VIP, new double[] {4, 4, 3, 2, 1, 1, 1},
          Persona.BROWSER, new double[] {3, 3, 1, 1, 1, 1, 2});

  private static final String[] COUNTRIES = {"KR", "US", "GB", "DE", "FR", "JP"};
  private static final double[] COUNTRY_WEIGHTS = {40, 25, 12, 8, 5, 10};
  private static final Map<String, String> CURRENCY =
      Map.of("KR", "KRW", "US", "USD", "GB", "GBP", "DE", "EUR", "FR", "EUR", "JP", "JPY");
  private static final Map<String, String[]> REGIONS =
      Map.of(
          "KR", new String[] {"Seoul", "Busan", "Incheon", "Daegu", "Gyeonggi"},
          "US", new String[] {"CA", "NY", "TX", "WA", "IL"},
          "GB", new String[] {"London", "Manchester", "Leeds", "Bristol"},
          "DE", new String[] {"Berlin", "Hamburg", "Munich"},
          "FR", new String[] {"Paris", "Lyon", "Marseille"},
          "JP", new String[] {"Tokyo", "Osaka", "Fukuoka"});

  private static final String[][] COMPLAINT = {
    {"My order arrived late and the box was damaged.", "The item broke after two days."},
    {"배송이 너무 늦었고 상자가 찌그러져 왔어요.", "이틀 만에 고장났어요. 환불해 주세요."}
  };
  private static final String[][] INQUIRY = {
    {"When will my order ship?", "Can I change the size of my order?"},
    {"주문한 상품은 언제 발송되나요?", "주문 사이즈를 변경할 수 있나요?"}
  };
  private static final String[][] PRAISE = {
    {"Great service, thank you!", "The support team was very helpful."},
    {"친절한 상담 감사합니다!", "상담원이 정말 도움이 많이 됐어요."}
  };
  private static final String[][][] REVIEW = {
    {{"Terrible quality, would not buy again."}, {"품질이 너무 나빠요. 다시는 안 살래요."}},
    {{"Not great, it broke quickly."}, {"별로예요. 금방 망가졌어요."}},
    {{"It is okay for the price."}, {"가격 대비 괜찮아요."}},
    {{"Good product, fast delivery."}, {"좋은 상품이고 배송도 빨라요."}},
    {{"Excellent! I love it and will buy again."}, {"최고예요! 정말 마음에 들어서 또 살 거예요."}}
  };

  private final GeneratorOptions options;
  private final int firstCustomer;
  private final int count;
  private final long start;
  private final long end;
  private final SplittableRandom rnd;
  private final StringBuilder[] out = new StringBuilder[SyntheticShop.FILES.size()];
  private final long[] rows = new long[SyntheticShop.FILES.size()];
  private final StringBuilder truth = new StringBuilder();
  private final Map<String, Map<String, Long>> faults = new TreeMap<>();
  private final long firstDay;
  private final String[] dates;
  private final IdentityPlanting planting;
  private boolean sessionWritten;

  ShopChunk(
      GeneratorOptions options,
      int chunkIndex,
      int firstCustomer,
      int count,
      long startEpochSecond,
      long endEpochSecond) {
    this.options = options;
    this.firstCustomer = firstCustomer;
    this.count = count;
    this.start = startEpochSecond;
    this.end = endEpochSecond;
    this.rnd = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + chunkIndex * 31L + 7);
    this.firstDay = Math.floorDiv(startEpochSecond, 86_400) - 800;
    this.dates = new String[(int) (Math.floorDiv(endEpochSecond, 86_400) - firstDay + 400)];
    for (int i = 0; i < out.length; i++) {
      out[i] = new StringBuilder(count * 200);
    }
    this.planting =
        new IdentityPlanting(
            this,
            options.seed(),
            chunkIndex,
            options.identityRate(),
            options.trapRate(),
            startEpochSecond,
            endEpochSecond);
  }

  /** Writes a row without fault injection (planted identities: their own random stream). */
  void emitRow(String file, String[] fields) {
    emit(file, fields);
  }

  String isoTime(long epochSecond) {
    return iso(epochSecond);
  }

  String firstCustomerTag() {
    return Integer.toString(firstCustomer);
  }

  byte[] identityTruthBytes() {
    return planting.truthBytes();
  }

  /** The chunk's rows of one file as UTF-8 bytes (encoded on the worker thread). */
  byte[] bytes(String file) {
    return out[fileIndex(file)].toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  long rowCount(String file) {
    return rows[SyntheticShop.FILES.indexOf(file)];
  }

  byte[] truthBytes() {
    return truth.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  Map<String, Map<String, Long>> faults() {
    return faults;
  }

  /** Generates the chunk and encodes its output, ready to be written in chunk order. */
  ShopChunk generate() {
    generateRows();
    encoded = new byte[out.length + 2][];
    for (int i = 0; i < out.length; i++) {
      encoded[i] = bytes(SyntheticShop.FILES.get(i));
      out[i] = null;
    }
    encoded[out.length] = truthBytes();
    encoded[out.length + 1] = identityTruthBytes();
    return this;
  }

  byte[] encoded(int file) {
    return encoded[file];
  }

  private byte[][] encoded;

  private void generateRows() {
    for (int i = 0; i < count; i++) {
      customer(firstCustomer + i);
    }
    int bots = (int) Math.round(count * options.faultRate() * 0.05);
    for (int b = 0; b < bots; b++) {
      bot(b);
    }
    planting.traps(count);
  }

  // ---------------------------------------------------------------- customers

  private void customer(int n) {
    String id = String.format("C%07d", n + 1);
    Persona p = Persona.draw(rnd.nextDouble());
    String country = COUNTRIES[pick(COUNTRY_WEIGHTS)];
    String currency = CURRENCY.get(country);
    String[] regions = REGIONS.get(country);
    long days = (end - start + 1) / 86_400;

    long signup =
        switch (p) {
          case NEW -> end - (long) ((5 + rnd.nextDouble() * 45) * 86_400);
          default -> start - (long) (rnd.nextDouble() * 400 * 86_400);
        };
    // The window in which the customer is active in the observed period.
    long activeFrom = Math.max(start, signup);
    long activeTo =
        switch (p) {
          case LAPSING_VIP -> end - (long) ((120 + rnd.nextDouble() * 120) * 86_400);
          case ONE_TIME -> end - 100L * 86_400;
          default -> end;
        };
    double activeYears = Math.max(0, activeTo - activeFrom) / (365.0 * 86_400);

    String email = emailOf(id, n);
    String anonymousId =
        "A" + Integer.toHexString(n) + "x" + Integer.toHexString(rnd.nextInt(1 << 16));
    String device = rnd.nextDouble() < 0.5 ? "app" : "web";
    boolean marketing = rnd.nextDouble() < 0.7;
    boolean profiling = rnd.nextDouble() >= 0.03;
    int birthYear = 1950 + rnd.nextInt(55);

    String[] customerRow =
        new String[] {
          id,
          rnd.nextDouble() < 0.1 ? email.toUpperCase(java.util.Locale.ROOT) : email,
          phoneOf(country),
          iso(signup),
          country,
          regions[rnd.nextInt(regions.length)],
          rnd.nextDouble() < 0.52 ? "female" : "male",
          Integer.toString(birthYear),
          Boolean.toString(rnd.nextDouble() < 0.9),
          Boolean.toString(marketing),
          Boolean.toString(profiling)
        };
    String[] asGenerated = customerRow.clone();
    row("customers", customerRow, true);
    sessionWritten = false;

    // Orders: a seasonal Poisson process while active.
    List<Long> orderTimes = new ArrayList<>();
    switch (p) {
      case ONE_TIME -> orderTimes.add(seasonalTime(activeFrom, activeTo));
      case BROWSER -> {
        if (rnd.nextDouble() < 0.2) {
          orderTimes.add(seasonalTime(activeFrom, end));
        }
      }
      case NEW -> {
        orderTimes.add(signup + (long) (rnd.nextDouble() * 3 * 86_400));
        int more = poisson(p.ordersPerYear * activeYears);
        for (int k = 0; k < more; k++) {
          orderTimes.add(seasonalTime(activeFrom, activeTo));
        }
      }
      default -> {
        // Repeat buyers replenish: a renewal process whose gaps are gamma distributed with the
        // persona's regularity as shape (1 would be a Poisson process; regulars buy on a rhythm).
        // The first gap starts at a random phase, so the process is stationary over the window.
        double meanGap = 365.0 * 86_400 / p.ordersPerYear;
        double t = activeFrom - rnd.nextDouble() * meanGap;
        while (true) {
          t += gammaGap(p.purchaseRegularity, meanGap);
          if (t > activeTo) {
            break;
          }
          if (t >= activeFrom) {
            orderTimes.add((long) t);
          }
        }
        int least = p == Persona.VIP || p == Persona.LAPSING_VIP ? 3 : 1;
        while (orderTimes.size() < least) {
          orderTimes.add(seasonalTime(activeFrom, activeTo));
        }
      }
    }
    orderTimes.replaceAll(t -> Math.min(t, end));
    orderTimes.sort(null);

    int eventNo = 0;
    int orderNo = 0;
    for (long t : orderTimes) {
      orderNo++;
      String orderId = id.replace('C', 'O') + "-" + orderNo;
      double amountUsd = order(id, orderId, t, p, currency);
      // the session around the purchase
      eventNo =
          session(id, anonymousId, device, email, t - 600 - rnd.nextInt(1200), p, true, eventNo);
      if (rnd.nextDouble() < 0.12) {
        review(id, orderId, t + (long) ((2 + rnd.nextDouble() * 10) * 86_400), p);
      }
      if (amountUsd < 0) {
        throw new IllegalStateException("negative amount generated");
      }
    }

    // Browsing sessions without purchase.
    int sessions = Math.max(p == Persona.BROWSER ? 1 : 0, poisson(p.sessionsPerYear * activeYears));
    for (int s = 0; s < sessions; s++) {
      long t = seasonalTime(activeFrom, p == Persona.ONE_TIME ? end : activeTo);
      eventNo = session(id, anonymousId, device, email, t, p, false, eventNo);
    }

    // Marketing emails: two a month to those who agreed.
    if (marketing) {
      int mails = (int) (days / 15);
      for (int m = 0; m < mails; m++) {
        long t = start + m * 15L * 86_400 + 9 * 3600 + rnd.nextInt(3600);
        if (t < signup || t > end) {
          continue;
        }
        double open = p == Persona.LAPSING_VIP && t > activeTo ? 0.05 : p.emailOpenProbability;
        if (rnd.nextDouble() < open) {
          long at = t + 60 + rnd.nextInt(6 * 3600);
          if (at <= end) {
            eventNo++;
            event(
                id,
                eventNo,
                "email_open",
                at,
                id,
                "",
                "",
                email,
                "",
                "{\"campaign\":\"c" + m + "\"}");
            if (rnd.nextDouble() < 0.3 && at + 30 <= end) {
              eventNo++;
              event(
                  id,
                  eventNo,
                  "email_click",
                  at + 30,
                  id,
                  "",
                  "",
                  email,
                  "",
                  "{\"campaign\":\"c" + m + "\"}");
            }
          }
        }
      }
    }

    // Service interactions.
    double interactionRate = p == Persona.BARGAIN_HUNTER || p == Persona.LAPSING_VIP ? 1.5 : 0.4;
    int interactions = poisson(interactionRate * Math.max(activeYears, 0.1));
    for (int k = 0; k < interactions; k++) {
      interaction(id, k + 1, seasonalTime(activeFrom, activeTo), p, country);
    }

    // The truth: purchases in the 90 days after the end, from the same process.
    double futureRate =
        switch (p) {
          case ONE_TIME, BROWSER -> 0.15;
          case NEW -> p.ordersPerYear;
          default -> p.ordersPerYear * p.futureRateFactor;
        };
    int future = poisson(futureRate * 90 / 365.0);
    double revenue = 0;
    for (int k = 0; k < future; k++) {
      revenue += logNormal(p.meanOrderValue, 0.35);
    }
    truth
        .append(id)
        .append(',')
        .append(p.wireName())
        .append(',')
        .append(future > 0)
        .append(',')
        .append(future)
        .append(',')
        .append(money(revenue))
        .append('\n');
    planting.afterCustomer(id, asGenerated, anonymousId, device.equals("app"), sessionWritten);
  }

  private double order(String customer, String orderId, long t, Persona p, String currency) {
    double rate = SyntheticShop.RATES.get(currency);
    int items = 1 + poisson(p == Persona.VIP || p == Persona.LAPSING_VIP ? 2.0 : 0.8);
    double[] taste = TASTE.get(p);
    double total = 0;
    boolean wholeUnits = currency.equals("KRW") || currency.equals("JPY");
    List<String[]> lines = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      String category = CATEGORIES[pick(taste)];
      int quantity = 1 + (rnd.nextDouble() < 0.2 ? 1 + rnd.nextInt(2) : 0);
      double unitUsd = logNormal(p.meanOrderValue / (items * 1.2), 0.35);
      double unit =
          wholeUnits ? Math.round(unitUsd / rate) : Math.round(unitUsd / rate * 100) / 100.0;
      total += quantity * unit;
      lines.add(
          new String[] {
            orderId,
            "P" + category.charAt(0) + (100 + rnd.nextInt(400)),
            category,
            Integer.toString(quantity),
            money(unit)
          });
    }
    double u = rnd.nextDouble();
    String status = u < 0.04 ? "returned" : u < 0.05 ? "cancelled" : "completed";
    String channel = rnd.nextDouble() < 0.6 ? "web" : rnd.nextDouble() < 0.8 ? "app" : "store";
    String discount =
        rnd.nextDouble() < p.discountProbability ? "SAVE" + (5 + rnd.nextInt(4) * 5) : "";
    row(
        "orders",
        new String[] {orderId, customer, iso(t), money(total), currency, status, channel, discount},
        true);
    for (String[] line : lines) {
      row("order_items", line, true);
    }
    return total * rate;
  }

  /** One browsing session; returns the last event number used. */
  private int session(
      String id,
      String anonymousId,
      String device,
      String email,
      long t,
      Persona p,
      boolean purchase,
      int eventNo) {
    boolean anonymousStart = device.equals("web") && rnd.nextDouble() < 0.3;
    String sessionId = rnd.nextDouble() < 0.5 ? "S" + id.substring(1) + "-" + eventNo : "";
    String who = anonymousStart ? "" : id;
    List<String> types = new ArrayList<>();
    if (device.equals("app")) {
      types.add("app_open");
    }
    if (anonymousStart) {
      types.add("page_view");
      types.add("login");
    } else {
      types.add("page_view");
    }
    int views = 1 + poisson(p == Persona.BROWSER ? 2 : 0.7);
    for (int v = 0; v < views; v++) {
      types.add("product_view");
    }
    if (rnd.nextDouble() < 0.3) {
      types.add("search");
    }
    boolean cart = purchase || rnd.nextDouble() < (p == Persona.BROWSER ? 0.45 : 0.25);
    if (cart) {
      types.add("add_to_cart");
      if (purchase || rnd.nextDouble() > p.cartAbandonProbability) {
        types.add("checkout_started");
        if (purchase) {
          types.add("purchase");
        }
      } else if (rnd.nextDouble() < 0.2) {
        types.add("remove_from_cart");
      }
    }
    long at = Math.max(start, t);
    for (String type : types) {
      if (at > end) {
        break;
      }
      if (type.equals("login")) {
        who = id;
      }
      sessionWritten = true;
      eventNo++;
      String category = CATEGORIES[pick(TASTE.get(p))];
      String props =
          type.equals("product_view") || type.equals("add_to_cart")
              ? "{\"category\":\""
                  + category
                  + "\",\"product_id\":\"P"
                  + category.charAt(0)
                  + (100 + rnd.nextInt(400))
                  + "\"}"
              : "";
      event(
          id,
          eventNo,
          type,
          at,
          who,
          device.equals("web") ? anonymousId : "",
          device.equals("app") ? "D" + anonymousId.substring(1) : "",
          "",
          sessionId,
          props);
      at += 15 + rnd.nextInt(105);
    }
    return eventNo;
  }

  private void event(
      String owner,
      int eventNo,
      String type,
      long t,
      String customerId,
      String anonymousId,
      String deviceId,
      String email,
      String sessionId,
      String properties) {
    row(
        "events",
        new String[] {
          "E" + owner.substring(1) + "-" + eventNo,
          type,
          iso(t),
          customerId,
          anonymousId,
          deviceId,
          email,
          sessionId,
          properties
        },
        true);
  }

  private void interaction(String id, int k, long t, Persona p, String country) {
    double complaint = p == Persona.BARGAIN_HUNTER || p == Persona.LAPSING_VIP ? 0.6 : 0.2;
    double u = rnd.nextDouble();
    String kind = u < complaint ? "complaint" : u < complaint + 0.25 ? "praise" : "inquiry";
    String[][] texts =
        kind.equals("complaint") ? COMPLAINT : kind.equals("praise") ? PRAISE : INQUIRY;
    int lang = country.equals("KR") ? 1 : 0;
    String[] channels = {"call", "email", "chat", "social"};
    row(
        "interactions",
        new String[] {
          "I" + id.substring(1) + "-" + k,
          id,
          iso(Math.min(t, end)),
          channels[rnd.nextInt(channels.length)],
          kind,
          texts[lang][rnd.nextInt(texts[lang].length)]
        },
        true);
  }

  private void review(String id, String orderId, long t, Persona p) {
    if (t > end) {
      return;
    }
    int rating =
        switch (p) {
          case VIP, LOYAL -> 4 + rnd.nextInt(2);
          case LAPSING_VIP -> 1 + rnd.nextInt(3);
          case BARGAIN_HUNTER -> 2 + rnd.nextInt(4);
          default -> 1 + rnd.nextInt(5);
        };
    int lang = rnd.nextDouble() < 0.5 ? 1 : 0;
    row(
        "reviews",
        new String[] {
          "R" + orderId.substring(1),
          id,
          iso(t),
          Integer.toString(rating),
          "P" + (100 + rnd.nextInt(400)),
          REVIEW[rating - 1][lang][0]
        },
        true);
  }

  /** A bot: an anonymous id that floods one minute, or crawls with a bot user agent. */
  private void bot(int b) {
    String anon =
        "BOT" + Long.toHexString(rnd.nextLong() & 0xffffffffL) + "x" + firstCustomer + "x" + b;
    boolean flood = rnd.nextDouble() < 0.5;
    long minute = (start + (long) (rnd.nextDouble() * (end - start - 3600))) / 60 * 60;
    int n = flood ? 70 + rnd.nextInt(80) : 5 + rnd.nextInt(20);
    for (int i = 0; i < n; i++) {
      long t = flood ? minute + (i * 59L) / n : minute + i * 300L;
      String props =
          flood
              ? "{\"path\":\"/p/" + i + "\"}"
              : "{\"user_agent\":\"Mozilla/5.0 (compatible; Googlebot/2.1;"
                  + " +http://www.google.com/bot.html)\"}";
      row(
          "events",
          new String[] {"E" + anon + "-" + i, "page_view", iso(t), "", anon, "", "", "", props},
          false);
      count("events", "bot");
    }
  }

  // ---------------------------------------------------------------- faults and output

  /**
   * Writes a row; when {@code mayFault}, a share of rows gets exactly one injected fault (or an
   * extra exact copy), counted under the quarantine reason word that ingestion reports.
   */
  private void row(String file, String[] fields, boolean mayFault) {
    if (mayFault && rnd.nextDouble() < options.faultRate()) {
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

  private void count(String file, String kind) {
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

  // ---------------------------------------------------------------- random helpers

  private String emailOf(String id, int n) {
    String[] names = {
      "kim", "lee", "park", "choi", "smith", "jones", "brown", "muller", "martin", "sato"
    };
    String[] domains = {"example.com", "mail.example.org", "shop.example.net"};
    return names[n % names.length]
        + "."
        + id.toLowerCase(java.util.Locale.ROOT)
        + "@"
        + domains[rnd.nextInt(domains.length)];
  }

  /** A phone number in a format people type, parsable with the customer's country. */
  private String phoneOf(String country) {
    return switch (country) {
      case "KR" -> "010-" + (2000 + rnd.nextInt(8000)) + "-" + (1000 + rnd.nextInt(9000));
      case "US" ->
          "+1 "
              + (201 + rnd.nextInt(700))
              + "-"
              + (200 + rnd.nextInt(700))
              + "-"
              + (1000 + rnd.nextInt(9000));
      case "GB" -> "+44 7" + (400 + rnd.nextInt(500)) + " " + (100000 + rnd.nextInt(900000));
      case "DE" -> "+49 15" + (10 + rnd.nextInt(80)) + " " + (1000000 + rnd.nextInt(9000000));
      case "FR" ->
          "+33 6 "
              + (10 + rnd.nextInt(89))
              + " "
              + (10 + rnd.nextInt(89))
              + " "
              + (10 + rnd.nextInt(89))
              + " "
              + (10 + rnd.nextInt(89));
      default -> "+81 90-" + (1000 + rnd.nextInt(9000)) + "-" + (1000 + rnd.nextInt(9000));
    };
  }

  /**
   * A time in [from, to] with a yearly peak in November-December, more on weekends, and a daily
   * rhythm peaking in the evening (rejection sampling against these weights).
   */
  private long seasonalTime(long from, long to) {
    if (to <= from) {
      return from;
    }
    for (int attempt = 0; attempt < 64; attempt++) {
      long day = from / 86_400 + (long) (rnd.nextDouble() * ((to - from) / 86_400.0 + 1));
      int month = (int) ((day % 365) / 30.5); // 0..11, close enough for a weight
      int weekday = (int) ((day + 3) % 7); // 0 = Monday for 1970-01-01 (a Thursday) + 3
      double w = (month >= 10 ? 1.6 : 1.0) * (weekday >= 5 ? 1.25 : 1.0);
      if (rnd.nextDouble() * 2.0 < w) {
        double hour =
            8 + Math.abs(rnd.nextGaussian() * 5 + 8) % 15; // 08:00 .. 23:00, evening heavy
        long t = day * 86_400 + (long) (hour * 3600) + rnd.nextInt(60);
        if (t >= from && t <= to) {
          return t;
        }
      }
    }
    // a window too short or at the wrong hours for the rhythm: take any time in it
    return from + (long) (rnd.nextDouble() * (to - from));
  }

  private int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double prod = rnd.nextDouble();
    while (prod > l) {
      k++;
      prod *= rnd.nextDouble();
    }
    return k;
  }

  /**
   * A gamma distributed gap with integer {@code shape} and the given mean (sum of exponentials).
   */
  private double gammaGap(int shape, double mean) {
    double sum = 0;
    for (int i = 0; i < shape; i++) {
      sum -= Math.log(1 - rnd.nextDouble());
    }
    return sum * mean / shape;
  }

  private double logNormal(double mean, double sigma) {
    double mu = Math.log(mean) - sigma * sigma / 2;
    return Math.exp(mu + sigma * rnd.nextGaussian());
  }

  /** ISO-8601 UTC text of a time; faster than Instant.toString on this hot path (dates cached). */
  private String iso(long epochSecond) {
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

  private static String money(double v) {
    long cents = Math.round(v * 100);
    String sign = cents < 0 ? "-" : "";
    cents = Math.abs(cents);
    long whole = cents / 100;
    long frac = cents % 100;
    return sign + whole + "." + (frac < 10 ? "0" : "") + frac;
  }
}
