package io.tessera.cli;

import io.tessera.ingest.DataHealth;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/** The one-screen summary printed at the end of a run. */
final class Summary {
  private Summary() {}

  static void printSegments(PrintWriter out, SegmentStage.Outcome s) {
    if (!s.clustered()) {
      return; // the run prints the skipped stages with their reasons
    }
    String clusters =
        s.segments().stream()
            .filter(x -> x.size() > 0)
            .map(x -> x.name().en() + " " + x.size())
            .collect(Collectors.joining(", "));
    out.printf("clusters (%d): %s%n", s.segments().size(), clusters);
    out.flush();
  }

  static void printCustomers(PrintWriter out, CustomerStage.Outcome c, int excluded) {
    out.printf(
        "customers: %,d buyers scored and %,d without a purchase placed by visits"
            + " (customers.csv), %,d left out for consent_profiling = false; CLV model %s%s%n",
        c.customers(),
        c.visitors().size(),
        excluded,
        c.clv(),
        c.clvMethod().equals(io.tessera.predict.clv.ClvFit.Method.BGNBD_GAMMA_GAMMA.wireName())
                && !c.clvWarnings().isEmpty()
            ? " (" + c.clvWarnings().size() + " warning(s) in models/clv.json)"
            : "");
    String groups =
        c.groups().entrySet().stream()
            .sorted(
                Map.Entry.<io.tessera.segment.rfm.RfmGroup, Integer>comparingByValue(
                    Comparator.reverseOrder()))
            .map(e -> e.getKey().english() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    out.printf("RFM groups: %s%n", groups);
    out.flush();
  }

  static void print(PrintWriter out, DataHealth health, Path outDir, long millis) {
    out.printf(
        "%n%-13s %12s %12s %12s %10s  %s%n",
        "source", "read", "accepted", "quarantined", "flagged", "top reasons");
    for (Map.Entry<String, DataHealth.SourceHealth> e : health.sources().entrySet()) {
      DataHealth.SourceHealth s = e.getValue();
      long flagged = s.flagged().values().stream().mapToLong(Long::longValue).sum();
      String reasons =
          s.quarantinedByReason().entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
              .limit(3)
              .map(r -> r.getKey() + " " + r.getValue())
              .collect(Collectors.joining(", "));
      out.printf(
          "%-13s %,12d %,12d %,12d %,10d  %s%n",
          e.getKey(), s.rowsRead(), s.rowsAccepted(), s.rowsQuarantined(), flagged, reasons);
    }
    for (Map.Entry<String, DataHealth.SourceHealth> e : health.sources().entrySet()) {
      DataHealth.SourceHealth s = e.getValue();
      if (s.rowsRead() > 0 && s.rowsAccepted() == 0) {
        out.printf(
            "%s: none of its %,d rows was accepted; the detail column of quarantine/%s.csv says"
                + " what each line needs%n",
            e.getKey(), s.rowsRead(), e.getKey());
      }
    }
    out.printf("%nchecks: %d findings in data_health.json%n", health.checks().size());
    out.printf("output: %s (%.1f s)%n", outDir.toAbsolutePath(), millis / 1000.0);
    out.flush();
  }
}
