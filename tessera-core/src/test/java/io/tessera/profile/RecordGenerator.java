package io.tessera.profile;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.contract.Interaction;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.contract.Review;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random contract records for property tests: bursts of events with and without session ids
 * (gaps straddling the 30-minute session gap, including exactly 30 minutes), orders of every status
 * with amounts of many decimals, lines in a few categories, custom email deliveries, interactions
 * and reviews with and without ratings.
 */
public final class RecordGenerator {
  public static final LocalDate START = LocalDate.of(2026, 1, 1);
  private static final String[] CATEGORIES = {"books", "toys", "garden", "food", "music"};
  private static final String[] CUSTOM = {"email_delivered", "email_bounce", "wishlist_add"};
  private static final EventType[] TYPES = EventType.values();

  private final SplittableRandom random;
  private int sequence;

  public RecordGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Records of one customer; order lines follow their order. */
  public List<Record> customer(CustomerId id, int size) {
    List<Record> out = new ArrayList<>();
    long base = START.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    while (out.size() < size) {
      long t = base + random.nextLong(200L * 86_400);
      switch (random.nextInt(10)) {
        case 0, 1 -> {
          String orderId = "o" + (sequence++);
          OrderStatus status =
              random.nextInt(5) == 0
                  ? OrderStatus.RETURNED
                  : random.nextInt(8) == 0 ? OrderStatus.CANCELLED : OrderStatus.COMPLETED;
          double amount = Math.round(random.nextDouble(0.01, 500) * 1e6) / 1e6;
          // every third order carries a discount code (no extra draw: the stream stays the same)
          Map<String, String> attributes =
              sequence % 3 == 0 ? Map.of(DiscountUse.ATTRIBUTE, "SAVE10") : null;
          out.add(
              new Order(orderId, id, at(t), Money.of(amount, "EUR"), status, "web", attributes));
          int lines = random.nextInt(4);
          for (int l = 0; l < lines; l++) {
            String category =
                random.nextInt(6) == 0 ? null : CATEGORIES[random.nextInt(CATEGORIES.length)];
            out.add(
                new OrderItem(
                    orderId,
                    "p" + random.nextInt(50),
                    category,
                    1 + random.nextInt(3),
                    Math.round(random.nextDouble(0, 80) * 1e5) / 1e5));
          }
        }
        case 2 -> {
          Interaction.Kind[] kinds = Interaction.Kind.values();
          out.add(
              new Interaction(
                  "i" + (sequence++),
                  id,
                  at(t),
                  Interaction.Channel.CHAT,
                  kinds[random.nextInt(kinds.length)],
                  null));
        }
        case 3 -> {
          Integer rating = random.nextInt(4) == 0 ? null : 1 + random.nextInt(5);
          out.add(new Review("r" + (sequence++), id, at(t), rating, "p1", null));
        }
        default -> burst(id, t, out);
      }
    }
    return out;
  }

  private void burst(CustomerId id, long t, List<Record> out) {
    String session = random.nextBoolean() ? null : "s" + random.nextInt(6);
    int events = 1 + random.nextInt(6);
    for (int k = 0; k < events; k++) {
      String type;
      int pick = random.nextInt(20);
      if (pick == 0) {
        type = CUSTOM[random.nextInt(CUSTOM.length)];
      } else {
        type = TYPES[random.nextInt(TYPES.length - 1)].wireName();
      }
      out.add(new Event("e" + (sequence++), type, at(t), id, null, null, null, session, null));
      // gaps around the 30-minute session gap, sometimes exactly on it
      t += random.nextInt(4) == 0 ? 1800 : random.nextLong(1, 2400);
    }
  }

  private static Instant at(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  SplittableRandom random() {
    return random;
  }
}
