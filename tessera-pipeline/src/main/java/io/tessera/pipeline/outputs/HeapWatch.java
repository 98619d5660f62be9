package io.tessera.pipeline.outputs;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a run used, for manifest.json's {@code memory}: the JVM's own figures from the start of
 * the watch to {@link #use()}, process-wide (a server running other work at the same time counts it
 * too).
 *
 * <p>The peak of the heap in use counts garbage not yet collected, so with a throughput collector
 * it nears the maximum heap on any large run. The peak right after a collection is the figure that
 * says how much the run needed: after a full collection it is the live set, after a young one an
 * upper bound of it (the old generation's garbage is still counted).
 */
public final class HeapWatch implements AutoCloseable {
  /**
   * The figures.
   *
   * @param maxHeapMb the heap's limit ({@code -Xmx}, or the JVM's default: a quarter of RAM)
   * @param peakHeapMb the most heap in use, summed over the heap's pools' peaks
   * @param peakAfterGcMb the most heap in use right after a collection; -1 when none ran
   * @param collections garbage collections during the watch, young and full
   * @param fullCollections of them, collections of the old generation (a run that thrashes does
   *     many)
   * @param gcMillis the collectors' accumulated time
   */
  public record Use(
      long maxHeapMb,
      long peakHeapMb,
      long peakAfterGcMb,
      long collections,
      long fullCollections,
      long gcMillis) {}

  private final AtomicLong peakAfterGc = new AtomicLong(-1);
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private final long collections0;
  private final long full0;
  private final long millis0;

  private HeapWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
        pool.resetPeakUsage();
      }
    }
    long[] c = counts();
    collections0 = c[0];
    full0 = c[1];
    millis0 = c[2];
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  /** Starts watching: resets the heap pools' peaks and listens to the collectors. */
  public static HeapWatch start() {
    return new HeapWatch();
  }

  private void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    peakAfterGc.accumulateAndGet(used, Math::max);
  }

  /** Collections, old-generation collections and milliseconds, over all collectors. */
  private static long[] counts() {
    long[] c = new long[3];
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long n = Math.max(0, gc.getCollectionCount());
      c[0] += n;
      if (isOld(gc)) {
        c[1] += n;
      }
      c[2] += Math.max(0, gc.getCollectionTime());
    }
    return c;
  }

  /**
   * Whether a collector collects the old generation: Parallel's "PS MarkSweep", Serial's
   * "MarkSweepCompact", G1's "G1 Old Generation" (its full collections; "G1 Concurrent GC" marks
   * concurrently and is not counted), ZGC's and Shenandoah's "Major"/"Cycles" collectors.
   */
  private static boolean isOld(GarbageCollectorMXBean gc) {
    String name = gc.getName();
    return name.equals("PS MarkSweep")
        || name.equals("MarkSweepCompact")
        || name.equals("G1 Old Generation")
        || name.contains("Major")
        || name.equals("Shenandoah Cycles");
  }

  /** The figures so far. */
  public Use use() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    long[] c = counts();
    long after = peakAfterGc.get();
    return new Use(
        Runtime.getRuntime().maxMemory() >> 20,
        peak >> 20,
        after < 0 ? -1 : after >> 20,
        c[0] - collections0,
        c[1] - full0,
        c[2] - millis0);
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already removed: nothing to undo
      }
    }
  }
}
