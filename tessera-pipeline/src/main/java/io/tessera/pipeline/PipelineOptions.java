package io.tessera.pipeline;

import io.tessera.config.ConfigException;
import io.tessera.identity.IdentityOptions;
import io.tessera.pipeline.churn.ChurnSettings;
import io.tessera.pipeline.identity.IdentityStage;
import io.tessera.pipeline.recommend.RecommendSettings;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentSettings;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.store.TesseraConfig;
import io.tessera.text.TextOptions;

/**
 * Every stage's options, parsed and checked once from the config's YAML blocks before any data is
 * read, so a typo costs seconds, not an ingest, and no stage reads the YAML tree itself.
 *
 * @param identity the {@code identity:} block, or null when {@code identity.enabled} is false
 * @param clvUnit {@code clv.time_unit}
 * @param segmentation {@code features}, {@code clustering} and {@code report.map}
 * @param text the {@code text:} block
 * @param churn the {@code churn:} block
 * @param recommend the {@code recommend:} block
 */
public record PipelineOptions(
    IdentityOptions identity,
    TransactionSummary.TimeUnit clvUnit,
    SegmentSettings segmentation,
    TextOptions text,
    ChurnSettings churn,
    RecommendSettings recommend) {

  /**
   * Parses the stages' blocks of {@code config}.
   *
   * @throws ConfigException naming the key and what to write instead
   */
  public static PipelineOptions of(TesseraConfig config) {
    var raw = config.raw();
    IdentityOptions identity = IdentityStage.options(raw);
    TransactionSummary.TimeUnit clvUnit = CustomerStage.timeUnit(raw);
    SegmentSettings segmentation = SegmentSettings.parse(raw);
    TextOptions text;
    try {
      text = TextOptions.of(raw == null ? null : raw.path("text"), config.baseDir());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("text", e.getMessage(), e);
    }
    return new PipelineOptions(
        identity,
        clvUnit,
        segmentation,
        text,
        ChurnSettings.parse(raw),
        RecommendSettings.parse(raw));
  }
}
