package io.tessera.generate;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the generator wrote.
 *
 * @param directory the output folder
 * @param rowsBySource data rows written per source file stem (faulty rows included)
 * @param faults injected faults as {@code {source: {kind: count}}}, as in truth/faults.json
 */
public record GenerationSummary(
    Path directory, Map<String, Long> rowsBySource, Map<String, Map<String, Long>> faults) {
  public GenerationSummary {
    rowsBySource = Map.copyOf(rowsBySource);
    faults = Map.copyOf(faults);
  }
}
