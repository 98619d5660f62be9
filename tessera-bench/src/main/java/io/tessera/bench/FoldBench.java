package io.tessera.bench;

import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import io.tessera.profile.SyntheticRecords;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The streaming profile fold of {@code customers} synthetic customers (about 5 orders and 15 events
 * each, tessera-core's {@code SyntheticRecords}) on {@code threads} threads. The records are
 * generated lazily as the fold pulls them, so the time includes generating them; divide the records
 * (printed by {@code ProfileFoldBench}) by it for a rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FoldBench {
  @Param({"20000"})
  public int customers;

  @Param({"1", "2"})
  public int threads;

  @Benchmark
  public ProfileTable fold() {
    return ProfileFold.fold(
        new SyntheticRecords(customers, 17).inputs(),
        ProfileFold.Options.defaults().withThreads(threads));
  }
}
