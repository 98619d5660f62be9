package io.tessera.segment;

/**
 * How a segment differs from the population on one feature.
 *
 * @param feature the feature's name
 * @param segmentValue the segment's mean
 * @param populationValue the population's mean
 * @param lift segment mean / population mean (NaN-free: 0 when the population mean is 0)
 * @param standardizedDifference (segment mean - population mean) / population standard deviation
 */
public record DistinguishingFeature(
    String feature,
    double segmentValue,
    double populationValue,
    double lift,
    double standardizedDifference) {}
