package io.tessera.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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

  private final GeneratorOptions options;
  private final int firstCustomer;
  private final int count;
  private final long start;
  private final long end;
  private final SplittableRandom rnd;
  private final ShopRandom random;
  private final ChunkRows output;
  // product choice only, apart from rnd so that every other value stays as it was before product
  // affinities existed (same seed, same orders, amounts, events and segments)
  private final SplittableRandom productRnd;
  private final ChunkTruth truth = new ChunkTruth();
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
    this.random = new ShopRandom(rnd);
    this.output = new ChunkRows(rnd, options.faultRate(), count, startEpochSecond, endEpochSecond);
    this.productRnd =
        new SplittableRandom(options.seed() * 0xC2B2AE3D27D4EB4FL + chunkIndex * 131L + 11);
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
    output.row(file, fields, false);
  }

  String isoTime(long epochSecond) {
    return output.iso(epochSecond);
  }

  String firstCustomerTag() {
    return Integer.toString(firstCustomer);
  }

  byte[] identityTruthBytes() {
    return planting.truthBytes();
  }

  /** The chunk's rows of one file as UTF-8 bytes (encoded on the worker thread). */
  byte[] bytes(String file) {
    return output.bytes(file);
  }

  long rowCount(String file) {
    return output.rowCount(file);
  }

  byte[] truthBytes() {
    return truth.customerBytes();
  }

  Map<String, Map<String, Long>> faults() {
    return output.faults();
  }

  /** Generates the chunk and encodes its output, ready to be written in chunk order. */
  ShopChunk generate() {
    generateRows();
    int files = SyntheticShop.FILES.size();
    encoded = new byte[files + 3][];
    for (int i = 0; i < files; i++) {
      encoded[i] = bytes(SyntheticShop.FILES.get(i));
      output.release(i);
    }
    encoded[files] = truthBytes();
    encoded[files + 1] = truth.textBytes();
    encoded[files + 2] = identityTruthBytes();
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
    String country = COUNTRIES[random.pick(COUNTRY_WEIGHTS)];
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

    String email = random.emailOf(id, n);
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
          random.phoneOf(country),
          output.iso(signup),
          country,
          regions[rnd.nextInt(regions.length)],
          rnd.nextDouble() < 0.52 ? "female" : "male",
          Integer.toString(birthYear),
          Boolean.toString(rnd.nextDouble() < 0.9),
          Boolean.toString(marketing),
          Boolean.toString(profiling)
        };
    String[] asGenerated = customerRow.clone();
    output.row("customers", customerRow, true);
    sessionWritten = false;

    // Orders: a seasonal Poisson process while active.
    List<Long> orderTimes = orderTimes(p, signup, activeFrom, activeTo, activeYears);
    orderTimes.replaceAll(t -> Math.min(t, end));
    orderTimes.sort(null);

    int eventNo = orders(id, anonymousId, device, email, orderTimes, p, currency);

    // Browsing sessions without purchase.
    int sessions =
        Math.max(p == Persona.BROWSER ? 1 : 0, random.poisson(p.sessionsPerYear * activeYears));
    for (int s = 0; s < sessions; s++) {
      long t = random.seasonalTime(activeFrom, p == Persona.ONE_TIME ? end : activeTo);
      eventNo = session(id, anonymousId, device, email, t, p, false, eventNo);
    }

    // Marketing emails: two a month to those who agreed.
    if (marketing) {
      eventNo = marketingEmails(id, email, p, signup, activeTo, days, eventNo);
    }

    // Service interactions.
    double interactionRate = p == Persona.BARGAIN_HUNTER || p == Persona.LAPSING_VIP ? 1.5 : 0.4;
    int interactions = random.poisson(interactionRate * Math.max(activeYears, 0.1));
    for (int k = 0; k < interactions; k++) {
      interaction(id, k + 1, random.seasonalTime(activeFrom, activeTo), p, country);
    }

    truth.customer(id, p, random);
    planting.afterCustomer(id, asGenerated, anonymousId, device.equals("app"), sessionWritten);
  }

  /** The customer's orders, each with the session around it and sometimes a review. */
  private int orders(
      String id,
      String anonymousId,
      String device,
      String email,
      List<Long> orderTimes,
      Persona p,
      String currency) {
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
    return eventNo;
  }

  /** The customer's order times while active (unsorted, possibly after the end). */
  private List<Long> orderTimes(
      Persona p, long signup, long activeFrom, long activeTo, double activeYears) {
    List<Long> orderTimes = new ArrayList<>();
    switch (p) {
      case ONE_TIME -> orderTimes.add(random.seasonalTime(activeFrom, activeTo));
      case BROWSER -> {
        if (rnd.nextDouble() < 0.2) {
          orderTimes.add(random.seasonalTime(activeFrom, end));
        }
      }
      case NEW -> {
        orderTimes.add(signup + (long) (rnd.nextDouble() * 3 * 86_400));
        int more = random.poisson(p.ordersPerYear * activeYears);
        for (int k = 0; k < more; k++) {
          orderTimes.add(random.seasonalTime(activeFrom, activeTo));
        }
      }
      default -> {
        // Repeat buyers replenish: a renewal process whose gaps are gamma distributed with the
        // persona's regularity as shape (1 would be a Poisson process; regulars buy on a rhythm).
        // The first gap starts at a random phase, so the process is stationary over the window.
        double meanGap = 365.0 * 86_400 / p.ordersPerYear;
        double t = activeFrom - rnd.nextDouble() * meanGap;
        while (true) {
          t += random.gammaGap(p.purchaseRegularity, meanGap);
          if (t > activeTo) {
            break;
          }
          if (t >= activeFrom) {
            orderTimes.add((long) t);
          }
        }
        int least = p == Persona.VIP || p == Persona.LAPSING_VIP ? 3 : 1;
        while (orderTimes.size() < least) {
          orderTimes.add(random.seasonalTime(activeFrom, activeTo));
        }
      }
    }
    return orderTimes;
  }

  /**
   * Two marketing e-mails a month, opened and clicked by the persona's habits; the last event no.
   */
  private int marketingEmails(
      String id, String email, Persona p, long signup, long activeTo, long days, int eventNo) {
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
    return eventNo;
  }

  /** Products a persona favours per category: how many, and the share of lines that take one. */
  static final int FAVOURITES = 12;

  static final double FAVOURITE_SHARE = 0.6;

  /**
   * The product number (100-499) of an order line: with probability {@link #FAVOURITE_SHARE} one of
   * the persona's {@link #FAVOURITES} favourites in the category (the first ones likelier), else
   * the uniform draw made from the main stream as before. Favourites are fixed per persona and
   * category (not per seed), so customers of a persona share a taste for products that a
   * recommender can learn, as they share one for categories.
   */
  private int product(Persona p, String category, int uniform) {
    if (productRnd.nextDouble() >= FAVOURITE_SHARE) {
      return 100 + uniform;
    }
    int rankIndex = (int) (FAVOURITES * Math.pow(productRnd.nextDouble(), 2));
    long h = (p.ordinal() * 1_000_003L + category.hashCode()) * 0x9E3779B97F4A7C15L;
    SplittableRandom favourites = new SplittableRandom(h);
    int chosen = 0;
    for (int k = 0; k <= rankIndex; k++) {
      chosen = favourites.nextInt(400);
    }
    return 100 + chosen;
  }

  private double order(String customer, String orderId, long t, Persona p, String currency) {
    double rate = SyntheticShop.RATES.get(currency);
    int items = 1 + random.poisson(p == Persona.VIP || p == Persona.LAPSING_VIP ? 2.0 : 0.8);
    double[] taste = TASTE.get(p);
    double total = 0;
    boolean wholeUnits = currency.equals("KRW") || currency.equals("JPY");
    List<String[]> lines = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      String category = CATEGORIES[random.pick(taste)];
      int quantity = 1 + (rnd.nextDouble() < 0.2 ? 1 + rnd.nextInt(2) : 0);
      double unitUsd = random.logNormal(p.meanOrderValue / (items * 1.2), 0.35);
      double unit =
          wholeUnits ? Math.round(unitUsd / rate) : Math.round(unitUsd / rate * 100) / 100.0;
      total += quantity * unit;
      lines.add(
          new String[] {
            orderId,
            "P" + category.charAt(0) + product(p, category, rnd.nextInt(400)),
            category,
            Integer.toString(quantity),
            ChunkRows.money(unit)
          });
    }
    double u = rnd.nextDouble();
    String status = u < 0.04 ? "returned" : u < 0.05 ? "cancelled" : "completed";
    String channel = rnd.nextDouble() < 0.6 ? "web" : rnd.nextDouble() < 0.8 ? "app" : "store";
    String discount =
        rnd.nextDouble() < p.discountProbability ? "SAVE" + (5 + rnd.nextInt(4) * 5) : "";
    output.row(
        "orders",
        new String[] {
          orderId,
          customer,
          output.iso(t),
          ChunkRows.money(total),
          currency,
          status,
          channel,
          discount
        },
        true);
    for (String[] line : lines) {
      output.row("order_items", line, true);
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
    int views = 1 + random.poisson(p == Persona.BROWSER ? 2 : 0.7);
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
      String category = CATEGORIES[random.pick(TASTE.get(p))];
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
    output.row(
        "events",
        new String[] {
          "E" + owner.substring(1) + "-" + eventNo,
          type,
          output.iso(t),
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
    int lang = country.equals("KR") ? 1 : 0;
    String[] channels = {"call", "email", "chat", "social"};
    String interactionId = "I" + id.substring(1) + "-" + k;
    String channel = channels[rnd.nextInt(channels.length)];
    // the main stream's draw of the old fixed text (one of two per kind) is kept, so no other
    // generated value moves
    rnd.nextInt(2);
    TextPlant.Planted text =
        TextPlant.interaction(lang, kind, p, TextPlant.random(options.seed(), interactionId));
    truth.text(interactionId, "interaction", id, lang, text);
    output.row(
        "interactions",
        new String[] {interactionId, id, output.iso(Math.min(t, end)), channel, kind, text.text()},
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
    String reviewId = "R" + orderId.substring(1);
    String product = "P" + (100 + rnd.nextInt(400));
    TextPlant.Planted text =
        TextPlant.review(lang, rating, p, TextPlant.random(options.seed(), reviewId));
    truth.text(reviewId, "review", id, lang, text);
    output.row(
        "reviews",
        new String[] {reviewId, id, output.iso(t), Integer.toString(rating), product, text.text()},
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
      output.row(
          "events",
          new String[] {
            "E" + anon + "-" + i, "page_view", output.iso(t), "", anon, "", "", "", props
          },
          false);
      output.count("events", "bot");
    }
  }

  // ---------------------------------------------------------------- faults and output

}
