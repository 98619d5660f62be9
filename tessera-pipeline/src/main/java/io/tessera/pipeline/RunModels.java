package io.tessera.pipeline;

import io.tessera.pipeline.churn.ChurnModels;
import io.tessera.pipeline.segment.Clusters;
import io.tessera.predict.clv.ClvReport;
import io.tessera.segment.ClusteringReport;
import io.tessera.segment.rfm.RfmReport;

/**
 * The models a run fitted, as objects (each null when the run did not fit it; the run's {@code
 * skipped} list and the files under {@code models/} say why).
 *
 * @param rfm models/rfm.json: the buyers' quintile edges and how customers without a purchase were
 *     placed by their visits
 * @param clv models/clv.json: BG/NBD + Gamma-Gamma, or the empirical-rate fallback, or why neither
 *     was fitted
 * @param clustering the fitted clustering (model, k selection, map)
 * @param clusteringModel models/clustering.json as written: the clustering with its feature
 *     transform, which the live engine loads; a skipped clustering's document says why
 * @param churn the churn and next-purchase models
 */
public record RunModels(
    RfmReport rfm,
    ClvReport clv,
    Clusters.Fit clustering,
    ClusteringReport clusteringModel,
    ChurnModels churn) {}
