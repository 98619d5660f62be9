package io.tessera.generate;

import java.time.LocalDate;

/**
 * Options of the synthetic shop generator.
 *
 * @param customers number of customers to generate (at least 1)
 * @param days length of the observed history in days, ending on {@code endDate} (at least 30)
 * @param seed the seed of every random choice: the same options give the same bytes
 * @param faultRate share of rows given an injected fault, in [0, 0.5]
 * @param endDate the last observed day; truth/ describes the 90 days after it
 */
public record GeneratorOptions(
    int customers, int days, long seed, double faultRate, LocalDate endDate) {

  public static final LocalDate DEFAULT_END_DATE = LocalDate.of(2026, 6, 30);

  public GeneratorOptions {
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be at least 1, got: " + customers);
    }
    if (days < 30) {
      throw new IllegalArgumentException("days must be at least 30, got: " + days);
    }
    if (!(faultRate >= 0 && faultRate <= 0.5)) {
      throw new IllegalArgumentException("fault rate must be in [0, 0.5], got: " + faultRate);
    }
    endDate = endDate == null ? DEFAULT_END_DATE : endDate;
  }

  public static GeneratorOptions of(int customers) {
    return new GeneratorOptions(customers, 365, 42L, 0.01, DEFAULT_END_DATE);
  }
}
