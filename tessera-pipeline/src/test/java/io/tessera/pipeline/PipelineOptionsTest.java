package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.config.ConfigException;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.store.TesseraConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every stage's options are parsed once, when the run's spec is made from the config, before any
 * data is read: a bad value of any block stops {@link RunSpec#of} with a {@link ConfigException}
 * naming the key (never an IllegalArgumentException, which the command line treats as a bug).
 */
class PipelineOptionsTest {

  private static TesseraConfig config(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("tessera.yaml");
    Files.writeString(file, yaml);
    return TesseraConfig.load(file);
  }

  @Test
  void theBlocksShouldBeParsedIntoTypedOptions(@TempDir Path dir) throws Exception {
    RunSpec spec =
        RunSpec.of(
            config(
                dir,
                "clv:\n  time_unit: weeks\nchurn:\n  horizon_days: 60\nrecommend:\n  top_n: 3\n"
                    + "features: [recency_days, frequency]\nidentity:\n  enabled: false\n"),
            dir.resolve("out"));
    PipelineOptions o = spec.options();
    assertThat(o.clvUnit()).isEqualTo(TransactionSummary.TimeUnit.WEEKS);
    assertThat(o.churn().horizonDays()).isEqualTo(60);
    assertThat(o.recommend().options().topN()).isEqualTo(3);
    assertThat(o.segmentation().features()).containsExactly("recency_days", "frequency");
    assertThat(o.identity()).isNull();
    // the spec's withers keep the parsed options
    assertThat(spec.withLog(new java.io.PrintWriter(java.io.Writer.nullWriter())).options())
        .isSameAs(o);
  }

  @Test
  void defaultsShouldApplyWithoutAConfigFile(@TempDir Path dir) {
    PipelineOptions o = RunSpec.of(TesseraConfig.defaults(dir), dir.resolve("out")).options();
    assertThat(o.clvUnit()).isEqualTo(TransactionSummary.TimeUnit.DAYS);
    assertThat(o.churn().enabled()).isTrue();
    assertThat(o.recommend().enabled()).isTrue();
    assertThat(o.segmentation().features()).isNull();
    assertThat(o.identity()).isNotNull();
    assertThat(o.text().userDictionary()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "churn:\\n  horizon_days: x|churn.horizon_days|churn.horizon_days must be a whole number"
            + " from 1 to 3650, got 'x'",
        "churn:\\n  enabled: maybe|churn.enabled|churn.enabled must be true or false, got 'maybe'",
        "clv:\\n  time_unit: months|clv.time_unit|clv.time_unit must be days or weeks, got"
            + " 'months'",
        "clv:\\n  unit: weeks|clv|clv: unknown key 'unit'; allowed keys are time_unit",
        "recommend:\\n  als: {factors: x}|recommend.als.factors|recommend.als.factors must be a"
            + " whole number, got 'x'",
        "identity:\\n  colums: [x]|identity|identity: unknown key 'colums'",
        "text:\\n  lexicon: x|text|text: unknown key 'lexicon'",
        "features: [shoe_size]|features|features: unknown feature 'shoe_size'",
      })
  void aBadValueShouldStopTheSpecNamingTheKey(
      String yaml, String key, String message, @TempDir Path dir) throws Exception {
    TesseraConfig config = config(dir, yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> RunSpec.of(config, dir.resolve("out")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key)
        .hasMessageContaining(message);
    // nothing was written: the options are checked before any output or data
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
