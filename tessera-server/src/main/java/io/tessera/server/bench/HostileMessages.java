package io.tessera.server.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of collect requests as an attacker or a broken SDK would send them: mostly
 * Segment messages whose fields take hostile values (far and malformed timestamps, huge, negative
 * and non-numeric amounts, ids with control characters, lone surrogates and 300 characters, wrong
 * JSON types, reused messageIds and order ids), mixed with valid ones, byte-mutated and truncated
 * bodies, random bytes, and bodies nested thousands deep. Used by the property test of the live
 * engine and by {@link CollectFuzz}, which sends 10^6 of them to a running server.
 */
public final class HostileMessages {
  /** One request: the path under the server ({@code /v1/track}) and the body's bytes. */
  public record Request(String path, byte[] body) {}

  private static final String[] TYPES = {
    "track", "track", "track", "identify", "page", "screen", "alias", "group", "", "TRACK", "batch"
  };
  private static final String[] EVENTS = {
    "Order Completed",
    "Order Completed",
    "Product Added",
    "Product Viewed",
    "Signed In",
    "order completed",
    "purchase",
    "",
    " ",
    "\u0000",
    "Custom \u202e evil",
    "E".repeat(300)
  };

  private final SplittableRandom rnd;
  private final Instant now;

  public HostileMessages(long seed, Instant now) {
    this.rnd = new SplittableRandom(seed);
    this.now = now;
  }

  /** The next request. */
  public Request next() {
    int kind = rnd.nextInt(100);
    if (kind < 5) {
      byte[] b = new byte[rnd.nextInt(0, 2_000)];
      rnd.nextBytes(b);
      return new Request(path(), b);
    }
    if (kind < 9) {
      return new Request(path(), deep().getBytes(StandardCharsets.UTF_8));
    }
    String type = TYPES[rnd.nextInt(TYPES.length)];
    String body;
    String path;
    if (type.equals("batch")) {
      int n = rnd.nextInt(1, 20);
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        messages.add(message(TYPES[rnd.nextInt(TYPES.length - 1)], true));
      }
      body =
          "{\"batch\":["
              + String.join(",", messages)
              + "]"
              + (rnd.nextInt(4) == 0 ? ",\"context\":" + value(2) : "")
              + "}";
      path = "/v1/batch";
    } else {
      body = message(type, rnd.nextBoolean());
      boolean endpoint = List.of("track", "identify", "page", "screen", "alias").contains(type);
      path = rnd.nextInt(10) == 0 || !endpoint ? path() : "/v1/" + type;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (kind < 20) {
      bytes = mutate(bytes);
    }
    return new Request(path, bytes);
  }

  private String path() {
    return switch (rnd.nextInt(7)) {
      case 0 -> "/v1/track";
      case 1 -> "/v1/identify";
      case 2 -> "/v1/page";
      case 3 -> "/v1/screen";
      case 4 -> "/v1/alias";
      default -> "/v1/batch";
    };
  }

  private String message(String type, boolean withType) {
    StringBuilder b = new StringBuilder("{");
    List<String> fields = new ArrayList<>();
    if (withType) {
      fields.add("\"type\":" + (rnd.nextInt(20) == 0 ? value(1) : quote(type)));
    }
    if (rnd.nextInt(10) != 0) {
      fields.add("\"messageId\":" + id("m"));
    }
    if (rnd.nextInt(6) != 0) {
      fields.add("\"userId\":" + id("u"));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add("\"anonymousId\":" + id("a"));
    }
    if (type.equals("alias") || rnd.nextInt(20) == 0) {
      fields.add("\"previousId\":" + id("a"));
    }
    if (rnd.nextInt(8) != 0) {
      fields.add(
          "\"event\":"
              + (rnd.nextInt(20) == 0 ? value(1) : quote(EVENTS[rnd.nextInt(EVENTS.length)])));
    }
    if (rnd.nextInt(4) != 0) {
      fields.add("\"timestamp\":" + timestamp());
    }
    if (rnd.nextInt(5) != 0) {
      fields.add("\"properties\":" + (rnd.nextInt(20) == 0 ? value(2) : properties()));
    }
    if (rnd.nextInt(4) == 0) {
      fields.add("\"traits\":" + value(3));
    }
    if (rnd.nextInt(4) == 0) {
      fields.add("\"context\":" + value(3));
    }
    java.util.Collections.shuffle(fields, new java.util.Random(rnd.nextLong()));
    b.append(String.join(",", fields));
    return b.append("}").toString();
  }

  private String properties() {
    List<String> p = new ArrayList<>();
    if (rnd.nextInt(3) != 0) {
      p.add("\"order_id\":" + id("o"));
    }
    String[] amountKeys = {"total", "revenue"};
    if (rnd.nextInt(3) != 0) {
      p.add("\"" + amountKeys[rnd.nextInt(2)] + "\":" + amount());
    }
    if (rnd.nextInt(3) == 0) {
      List<String> products = new ArrayList<>();
      for (int i = rnd.nextInt(0, 5); i > 0; i--) {
        products.add(
            "{\"product_id\":"
                + id("p")
                + ",\"category\":"
                + quote(pick("books", "toys", "", "\u0000"))
                + ",\"quantity\":"
                + pick("1", "2", "2.5", "-1", "0", "1e20", "\"3\"", "2147483648", "null", "[]")
                + ",\"price\":"
                + amount()
                + "}");
      }
      p.add(
          "\"products\":"
              + (rnd.nextInt(10) == 0 ? value(1) : "[" + String.join(",", products) + "]"));
    }
    if (rnd.nextInt(5) == 0) {
      p.add("\"currency\":" + pick("\"USD\"", "\"usd\"", "\"EUR\"", "\"\"", "3", "null"));
    }
    if (rnd.nextInt(5) == 0) {
      p.add("\"coupon\":" + pick("\"SAVE10\"", "\"\"", "7", "{}"));
    }
    if (rnd.nextInt(4) == 0) {
      p.add("\"extra\":" + value(4));
    }
    return "{" + String.join(",", p) + "}";
  }

  private String amount() {
    return pick(
        "12.5",
        "0",
        "-0",
        "-50",
        "1e15",
        "90000000000",
        "90000000001",
        "-90000000001",
        "1e308",
        "1e400",
        "123456789012345678901234567890",
        "\"12.5\"",
        "\" 7 \"",
        "\"1e15\"",
        "\"NaN\"",
        "\"Infinity\"",
        "\"12,5\"",
        "true",
        "[]",
        "{}",
        "null");
  }

  private String timestamp() {
    Instant skewed = now.plus(Duration.ofHours(rnd.nextInt(-48, 48)));
    return pick(
        quote(now.toString()),
        quote(skewed.toString()),
        quote(now.toString().substring(0, 10)),
        quote(now.toString().substring(0, 19)),
        quote(now.toString().substring(0, 19) + "+09:00"),
        "\"0001-01-01T00:00:00Z\"",
        "\"1989-12-31T23:59:59Z\"",
        "\"9999-12-31T23:59:59Z\"",
        "\"+1000000-01-01T00:00:00Z\"",
        "\"-000001-01-01T00:00:00Z\"",
        "\"2026-02-30T00:00:00Z\"",
        "\"2026-06-30T23:59:60Z\"",
        "\"yesterday\"",
        "\"\"",
        "\"T\"",
        "\"2026-13-01\"",
        "1733480000",
        "null",
        "{}");
  }

  /** An id: mostly from a small pool (so messageIds and order ids repeat), or hostile. */
  private String id(String prefix) {
    int k = rnd.nextInt(100);
    if (k < 70) {
      return quote(prefix + rnd.nextInt(200));
    }
    return pick(
        quote(prefix + "-" + rnd.nextLong()),
        "\"\"",
        "\"   \"",
        "12345",
        "1.5",
        "true",
        "[]",
        "{}",
        "null",
        quote("x".repeat(257)),
        quote("line\r\nbreak"),
        "\"nul\\u0000id\"",
        "\"lone\\ud800surrogate\"",
        "\"rtl\\u202eid\"",
        quote("=HYPERLINK(\"x\")"),
        quote("\uD83D\uDE00 emoji"),
        quote("user@example.com"));
  }

  /** Any JSON value, at most {@code depth} levels deep. */
  private String value(int depth) {
    int k = rnd.nextInt(depth <= 0 ? 6 : 8);
    return switch (k) {
      case 0 -> "null";
      case 1 -> rnd.nextBoolean() ? "true" : "false";
      case 2 -> amount();
      case 3 -> id("v");
      case 4 -> timestamp();
      case 5 -> quote("s".repeat(rnd.nextInt(0, 50)));
      case 6 -> {
        List<String> items = new ArrayList<>();
        for (int i = rnd.nextInt(0, 4); i > 0; i--) {
          items.add(value(depth - 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
      default -> {
        List<String> items = new ArrayList<>();
        for (int i = rnd.nextInt(0, 4); i > 0; i--) {
          items.add(quote(pick("email", "Email", "phone", "a", "b", "")) + ":" + value(depth - 1));
        }
        yield "{" + String.join(",", items) + "}";
      }
    };
  }

  private String deep() {
    int depth = rnd.nextInt(50, 20_000);
    String open = rnd.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    return "{\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"x\":"
        + open.repeat(depth)
        + "1"
        + close.repeat(rnd.nextInt(10) == 0 ? depth / 2 : depth)
        + "}}";
  }

  private byte[] mutate(byte[] body) {
    byte[] b = body.clone();
    int edits = rnd.nextInt(1, 8);
    for (int i = 0; i < edits && b.length > 0; i++) {
      int at = rnd.nextInt(b.length);
      switch (rnd.nextInt(4)) {
        case 0 -> b[at] = (byte) rnd.nextInt(256);
        case 1 -> b = java.util.Arrays.copyOf(b, at); // truncate
        case 2 -> b[at] = (byte) "{}[]\",:\\".charAt(rnd.nextInt(8));
        default -> {
          byte[] grown = new byte[b.length + 1];
          System.arraycopy(b, 0, grown, 0, at);
          grown[at] = (byte) (0x80 + rnd.nextInt(0x40)); // a stray UTF-8 continuation byte
          System.arraycopy(b, at, grown, at + 1, b.length - at);
          b = grown;
        }
      }
    }
    return b;
  }

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  /** A JSON string literal of {@code s} (quotes, backslashes and control characters escaped). */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
