package io.tessera.pipeline.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The watch sees what a collection leaves in the heap, and counts the collection. */
class HeapWatchTest {
  private static final int MB = 1 << 20;

  @Test
  void givenALiveArrayOf64Mb_whenCollected_thenThePeakAfterGcHoldsIt() throws Exception {
    try (HeapWatch watch = HeapWatch.start()) {
      long[] live = new long[64 * MB / Long.BYTES];
      live[live.length - 1] = 1;
      System.gc();
      // the collectors' notifications arrive on a thread of their own
      HeapWatch.Use use = watch.use();
      for (int i = 0; i < 100 && use.peakAfterGcMb() < 64; i++) {
        Thread.sleep(50);
        use = watch.use();
      }
      assertThat(live[live.length - 1]).isEqualTo(1);
      assertThat(use.peakAfterGcMb()).isBetween(64L, use.maxHeapMb());
      assertThat(use.peakHeapMb()).isBetween(64L, use.maxHeapMb());
      assertThat(use.collections()).isPositive();
      assertThat(use.fullCollections()).as("System.gc() collects the old generation").isPositive();
      assertThat(use.maxHeapMb()).isEqualTo(Runtime.getRuntime().maxMemory() >> 20);
    }
  }
}
