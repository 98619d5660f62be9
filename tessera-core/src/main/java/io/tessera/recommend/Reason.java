package io.tessera.recommend;

/** Why an item is recommended; {@link #text()} is what {@code recommendations.csv} shows. */
public sealed interface Reason {
  /** The text of the reason, e.g. {@code bought with 85123A}. */
  String text();

  /** The customer bought {@code item}, which goes with the recommended one. */
  record BoughtWith(String item) implements Reason {
    @Override
    public String text() {
      return "bought with " + item;
    }
  }

  /** Among the most bought items of the customer's segment. */
  record PopularInSegment(String segment) implements Reason {
    @Override
    public String text() {
      return "popular in your segment (" + segment + ")";
    }
  }

  /** Among the most bought items of the shop. */
  record Popular() implements Reason {
    @Override
    public String text() {
      return "popular";
    }
  }
}
