#!/usr/bin/env python3
"""Tessera's segments against scikit-learn's k-means at the same k, on the same features.

Usage (a run writes the matrix it clustered when given the bench property):
  TESSERA_JAVA_OPTS=-Dtessera.bench.matrix=/tmp/or-matrix.csv \\
    ./tessera run --config examples/online-retail/tessera.yaml --out target/online-retail
  /usr/bin/python3 scripts/bench/compare_sklearn.py /tmp/or-matrix.csv

The matrix is the transformed feature matrix Tessera clustered (after imputation, log1p and
standardising) with Tessera's label per row. scikit-learn's KMeans (k-means++, n_init=10, seeds 0-4)
is fitted at Tessera's k on the same rows, and both partitions are scored by scikit-learn's
silhouette_score on every row (Euclidean), Calinski-Harabasz and Davies-Bouldin.
"""
import sys

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import (adjusted_rand_score, calinski_harabasz_score,
                             davies_bouldin_score, silhouette_score)


def main(path):
    data = np.genfromtxt(path, delimiter=",", names=True)
    names = [n for n in data.dtype.names if n != "label"]
    x = np.column_stack([data[n] for n in names])
    tessera = data["label"].astype(int)
    k = len(set(tessera[tessera >= 0]))
    print(f"{path}: {len(x)} customers, {len(names)} features ({', '.join(names)}), k = {k}")
    print(f"{'':22s} {'silhouette':>10s} {'CH':>10s} {'DB':>7s}")

    def row(label, labels):
        print(f"{label:22s} {silhouette_score(x, labels):10.4f} "
              f"{calinski_harabasz_score(x, labels):10.1f} {davies_bouldin_score(x, labels):7.4f}")

    row("tessera", tessera)
    best = None
    for seed in range(5):
        km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x)
        s = silhouette_score(x, km.labels_)
        row(f"sklearn seed {seed}", km.labels_)
        if best is None or s > best[0]:
            best = (s, km.labels_)
    print(f"ARI tessera vs best sklearn: {adjusted_rand_score(tessera, best[1]):.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
