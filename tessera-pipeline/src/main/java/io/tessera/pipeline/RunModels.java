package io.tessera.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.pipeline.churn.ChurnModels;
import io.tessera.pipeline.segment.Clusters;
import io.tessera.predict.clv.ClvFit;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.segment.rfm.VisitorPlacement;
import java.time.LocalDate;

/**
 * The models a run fitted, as objects (each null when the run did not fit it; the run's {@code
 * skipped} list and the files under {@code models/} say why).
 *
 * @param rfm the RFM quintile edges of the buyers
 * @param visitors how customers without a purchase were placed by their visits
 * @param clv BG/NBD + Gamma-Gamma, or the empirical-rate fallback
 * @param clvTimeUnit the time unit {@code clv} was fitted in
 * @param clvCalibrationEnd the last day of the data {@code clv} was fitted on
 * @param clustering the fitted clustering (model, k selection, map)
 * @param clusteringModel models/clustering.json as written: the clustering with its feature
 *     transform, which the live engine loads; a skipped clustering's document says why
 * @param churn the churn and next-purchase models
 */
public record RunModels(
    RfmModel rfm,
    VisitorPlacement visitors,
    ClvFit clv,
    TransactionSummary.TimeUnit clvTimeUnit,
    LocalDate clvCalibrationEnd,
    Clusters.Fit clustering,
    ObjectNode clusteringModel,
    ChurnModels churn) {}
