#!/usr/bin/env python3
"""scikit-learn's k-means on the rows KMeansBench fits, from the same initial centroids.

Usage: /usr/bin/python3 scripts/bench/kmeans_sklearn.py MATRIX.csv [k ...]
  MATRIX.csv: target/kmeans-synthetic.csv (written by KMeansBench) or a matrix a run wrote with
  -Dtessera.bench.matrix=FILE (its label column is left out).
For each k: KMeans(init=rows i*n/k, n_init=1, max_iter=100, tol=0) with algorithm lloyd and elkan,
on one thread (OMP_NUM_THREADS=1 is set before numpy loads, as the JMH benchmark runs on one
thread); prints microseconds per fit (best of 5 repeats of 20 fits), iterations and inertia.
"""
import os
os.environ.setdefault("OMP_NUM_THREADS", "1")
import sys
import time

import numpy as np
from sklearn.cluster import KMeans


def main(path, ks):
    data = np.genfromtxt(path, delimiter=",", names=True)
    names = [n for n in data.dtype.names if n != "label"]
    x = np.ascontiguousarray(np.column_stack([data[n] for n in names]), dtype=np.float64)
    n = len(x)
    print(f"{path}: {n} x {x.shape[1]}, OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}")
    for k in ks:
        init = x[[j * n // k for j in range(k)]]
        for algorithm in ("lloyd", "elkan"):
            km = KMeans(k, init=init, n_init=1, max_iter=100, tol=0, algorithm=algorithm)
            best = float("inf")
            for _ in range(5):
                t = time.perf_counter()
                for _ in range(20):
                    km.fit(x)
                best = min(best, (time.perf_counter() - t) / 20)
            print(f"k={k} {algorithm:5s}: {best * 1e6:10.1f} us/fit, "
                  f"{km.n_iter_} iterations, inertia {km.inertia_:.6f}")


if __name__ == "__main__":
    main(sys.argv[1], [int(k) for k in sys.argv[2:]] or [3, 6, 10])
