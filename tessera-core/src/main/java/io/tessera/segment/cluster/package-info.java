/**
 * Clustering customers into segments: k-means with an automatic k, Gaussian mixtures, HDBSCAN,
 * DBSCAN and Ward's agglomerative clustering (Smile), the validity indices that choose k
 * (silhouette, Calinski-Harabasz, Davies-Bouldin) and the adjusted Rand index, and 2-D maps (PCA,
 * t-SNE, UMAP) for the report. Input is a transformed feature matrix as {@code double[n][p]}.
 */
package io.tessera.segment.cluster;
