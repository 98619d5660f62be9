/**
 * The recommendation stage of a run: reads the order lines from the store, runs core's {@code
 * recommend/}, and writes {@code recommendations.csv}, {@code models/recommend.json}, the segments'
 * {@code recommend} sections and the report's section.
 */
package io.tessera.pipeline.recommend;
