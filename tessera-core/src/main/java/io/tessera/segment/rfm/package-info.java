/**
 * RFM: recency, frequency and monetary quintile scores (1-5, equal values always scoring the same)
 * and ten named groups on the R x F grid, each with a journey stage and recommended actions, in
 * English and Korean.
 */
package io.tessera.segment.rfm;
