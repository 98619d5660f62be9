package io.tessera.profile;

import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.List;

/**
 * Measures the streaming fold of N synthetic customers (about 5 orders and 15 events each), the
 * retained heap of the profiles, and building and transforming the default feature matrix. Run:
 * {@code java -cp <test-classpath> io.tessera.profile.ProfileFoldBench 1000000 2}. Not a test: wall
 * times are reported, never asserted.
 */
public final class ProfileFoldBench {
  private ProfileFoldBench() {}

  public static void main(String[] args) {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    SyntheticRecords data = new SyntheticRecords(customers, 17);
    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    ProfileTable table =
        ProfileFold.fold(data.inputs(), ProfileFold.Options.defaults().withThreads(threads));
    long t1 = System.nanoTime();
    long heapAfter = usedHeapAfterGc();
    System.out.printf(
        "fold: %d customers, %d records, %d threads: %.2f s (%.0f records/s)%n",
        table.size(),
        table.counts().records(),
        threads,
        (t1 - t0) / 1e9,
        table.counts().records() / ((t1 - t0) / 1e9));
    System.out.printf(
        "retained heap of the profiles: %.0f MB (%.0f bytes per customer)%n",
        (heapAfter - heapBefore) / 1e6, (double) (heapAfter - heapBefore) / table.size());

    LocalDate asOf = LocalDate.of(2026, 1, 1);
    long t2 = System.nanoTime();
    FeatureMatrix m = FeatureMatrix.build(table, List.of(), FeatureMatrix.DEFAULT_FEATURES, asOf);
    long t3 = System.nanoTime();
    FeatureTransform.Fitted fitted = FeatureTransform.fit(m, TransformOptions.DEFAULT);
    long t4 = System.nanoTime();
    System.out.printf(
        "feature matrix %d x %d: build %.2f s, fit+transform %.2f s (%d output columns)%n",
        m.rows(), m.columnCount(), (t3 - t2) / 1e9, (t4 - t3) / 1e9, fitted.matrix().columnCount());
    System.out.printf("peak heap (all pools, max of used): %.0f MB%n", peakHeap() / 1e6);
  }

  private static long usedHeapAfterGc() {
    for (int k = 0; k < 3; k++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long peakHeap() {
    long peak = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
