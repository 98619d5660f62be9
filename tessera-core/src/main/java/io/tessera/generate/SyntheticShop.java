package io.tessera.generate;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a realistic synthetic e-commerce shop as contract files plus a truth/ folder. */
public final class SyntheticShop {
  private SyntheticShop() {}

  /** Writes all contract files, currency_rates.csv, tessera.yaml and truth/ into {@code out}. */
  public static GenerationSummary write(GeneratorOptions options, Path out) throws IOException {
    throw new UnsupportedOperationException("the generator is being written (branch generator)");
  }
}
