package io.tessera.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data-health report of one ingestion (data_health.json, public API): per source how many rows
 * were read, accepted and quarantined and why, what was flagged, which columns had missing values,
 * and the findings of the data checks. For every source {@code rows_read = rows_accepted +
 * rows_quarantined}.
 */
public record DataHealth(
    int formatVersion, Map<String, SourceHealth> sources, List<Finding> checks) {
  public static final int FORMAT_VERSION = 1;

  public DataHealth {
    // keep the caller's order (the contract's source order) for readable output
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    checks = List.copyOf(checks);
  }

  /** Figures of one source. */
  public record SourceHealth(
      long rowsRead,
      long rowsAccepted,
      long rowsQuarantined,
      Map<String, Long> quarantinedByReason,
      Map<String, Long> flagged,
      Map<String, Long> missingByColumn) {
    public SourceHealth {
      if (rowsRead != rowsAccepted + rowsQuarantined) {
        throw new IllegalStateException(
            "rows do not reconcile: read "
                + rowsRead
                + " != accepted "
                + rowsAccepted
                + " + quarantined "
                + rowsQuarantined);
      }
      quarantinedByReason = Collections.unmodifiableMap(new TreeMap<>(quarantinedByReason));
      flagged = Collections.unmodifiableMap(new TreeMap<>(flagged));
      missingByColumn = Collections.unmodifiableMap(new TreeMap<>(missingByColumn));
    }
  }

  /**
   * One data check's finding.
   *
   * @param check the check's name, e.g. duplicate_ids
   * @param source the source it looked at
   * @param count rows concerned
   * @param action quarantined, flagged, excluded or reported
   * @param detail one sentence a user can act on
   * @param exampleLines up to five line (or row) numbers of the source
   */
  public record Finding(
      String check,
      String source,
      long count,
      String action,
      String detail,
      List<Long> exampleLines) {
    public Finding {
      exampleLines = List.copyOf(exampleLines);
    }
  }
}
