package io.tessera.generate;

import java.nio.charset.StandardCharsets;

/** A chunk's ground truth: each customer's future purchases, and each planted text's labels. */
final class ChunkTruth {
  private final StringBuilder truth = new StringBuilder();
  private final StringBuilder textTruth = new StringBuilder();

  /**
   * The truth of one customer: purchases in the 90 days after the end, from the same process (drawn
   * from the chunk's main stream, in the order the chunk always drew them).
   */
  void customer(String id, Persona p, ShopRandom random) {
    double futureRate =
        switch (p) {
          case ONE_TIME, BROWSER -> 0.15;
          case NEW -> p.ordersPerYear;
          default -> p.ordersPerYear * p.futureRateFactor;
        };
    int future = random.poisson(futureRate * 90 / 365.0);
    double revenue = 0;
    for (int k = 0; k < future; k++) {
      revenue += random.logNormal(p.meanOrderValue, 0.35);
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
        .append(ChunkRows.money(revenue))
        .append('\n');
  }

  /** The planted topic and sentiment of one review or interaction text. */
  void text(String textId, String source, String id, int lang, TextPlant.Planted t) {
    textTruth
        .append(textId)
        .append(',')
        .append(source)
        .append(',')
        .append(id)
        .append(',')
        .append(lang == 1 ? "ko" : "en")
        .append(',')
        .append(t.topic())
        .append(',')
        .append(t.sentiment())
        .append('\n');
  }

  byte[] customerBytes() {
    return truth.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] textBytes() {
    return textTruth.toString().getBytes(StandardCharsets.UTF_8);
  }
}
