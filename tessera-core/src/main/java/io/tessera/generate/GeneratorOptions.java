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
 * @param identityRate share of consenting customers given a planted second identity (a second
 *     account, a new browser with a second email, a new device), in [0, 1]; 0 (the default) keeps
 *     the shop's bytes as before identity planting existed
 * @param trapRate identity traps (family tablet, shared test email, call-centre phone, typo
 *     look-alike) per customer, in [0, 0.5]
 */
public record GeneratorOptions(
    int customers,
    int days,
    long seed,
    double faultRate,
    LocalDate endDate,
    double identityRate,
    double trapRate) {

  /** Options without planted identities or traps. */
  public GeneratorOptions(int customers, int days, long seed, double faultRate, LocalDate endDate) {
    this(customers, days, seed, faultRate, endDate, 0, 0);
  }

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
    if (!(identityRate >= 0 && identityRate <= 1)) {
      throw new IllegalArgumentException("identity rate must be in [0, 1], got: " + identityRate);
    }
    if (!(trapRate >= 0 && trapRate <= 0.5)) {
      throw new IllegalArgumentException("trap rate must be in [0, 0.5], got: " + trapRate);
    }
  }

  public GeneratorOptions withIdentities(double identities, double traps) {
    return new GeneratorOptions(customers, days, seed, faultRate, endDate, identities, traps);
  }

  public static GeneratorOptions of(int customers) {
    return new GeneratorOptions(customers, 365, 42L, 0.01, DEFAULT_END_DATE);
  }
}
