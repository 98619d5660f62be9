package io.tessera.identity;

import java.util.SplittableRandom;

/**
 * How the union-find scales: n nodes, n random unions then n finds, for each n given (default one
 * million and ten million). Run from tessera-core's test classpath: {@code java -cp ...
 * io.tessera.identity.UnionFindBench 1000000 10000000}. A benchmark, not a test: it prints times
 * and never asserts one.
 */
public final class UnionFindBench {
  private UnionFindBench() {}

  public static void main(String[] args) {
    long[] sizes = args.length == 0 ? new long[] {1_000_000, 10_000_000} : new long[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Long.parseLong(args[i]);
    }
    for (int round = 0; round < 2; round++) {
      for (long size : sizes) {
        int n = (int) size;
        SplittableRandom r = new SplittableRandom(42);
        long t0 = System.nanoTime();
        UnionFind uf = new UnionFind(n);
        for (int k = 0; k < n; k++) {
          uf.union(r.nextInt(n), r.nextInt(n));
        }
        long t1 = System.nanoTime();
        long sum = 0;
        for (int k = 0; k < n; k++) {
          sum += uf.find(k);
        }
        long t2 = System.nanoTime();
        System.out.printf(
            "round %d: %,d nodes: %,d unions %.0f ms, %,d finds %.0f ms, %,d components (%d)%n",
            round + 1, n, n, (t1 - t0) / 1e6, n, (t2 - t1) / 1e6, uf.components(), sum % 7);
      }
    }
  }
}
