package io.tessera.contract;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link CustomerId} instance (and so one string) per customer for whoever shares this: a store
 * reader's driver makes a new string for every cell it reads, so without it each stage of a run
 * that reads a customer's records held its own copies of the same ids, once per order, per profile
 * set and per output map (42 M strings at 1,000,000 customers, issue 14). The ids are made by
 * {@link CustomerId#of}, the one definition of their form; this only hands out the first one made
 * for a value again. Safe for concurrent use.
 */
public final class CustomerIds {
  private final ConcurrentHashMap<String, CustomerId> ids = new ConcurrentHashMap<>();

  /**
   * The id of {@code value} ({@link CustomerId#of}), the same instance for every equal value.
   *
   * @throws IllegalArgumentException as {@link CustomerId#of} does
   */
  public CustomerId of(String value) {
    CustomerId known = ids.get(value);
    if (known != null) {
      return known;
    }
    CustomerId made = CustomerId.of(value);
    // a padded value and its stripped form are one customer: the stripped form's instance
    CustomerId had = ids.putIfAbsent(made.value(), made);
    CustomerId id = had == null ? made : had;
    if (!value.equals(id.value())) {
      ids.putIfAbsent(value, id);
    }
    return id;
  }

  /** The shared string of {@code value}'s id: {@code of(value).value()}. */
  public String value(String value) {
    return of(value).value();
  }
}
