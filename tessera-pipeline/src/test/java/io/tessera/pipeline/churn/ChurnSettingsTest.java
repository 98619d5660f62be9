package io.tessera.pipeline.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tessera.config.ConfigException;
import io.tessera.predict.churn.Calibration;
import io.tessera.predict.churn.ThresholdRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The churn block of tessera.yaml: defaults, values, and errors that name the key. */
class ChurnSettingsTest {
  private static JsonNode yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(text);
  }

  @Test
  void withoutAChurnBlockTheDefaultsShouldApply() throws Exception {
    ChurnSettings s = ChurnSettings.parse(yaml("currency: USD\n"));
    assertThat(s.enabled()).isTrue();
    assertThat(s.labelColumn()).isNull();
    assertThat(s.horizonDays()).isEqualTo(90);
    assertThat(s.models()).containsExactly("xgboost", "random_forest", "logistic");
    assertThat(s.folds()).isEqualTo(5);
    assertThat(s.threshold()).isEqualTo(new ThresholdRule.MaxF1());
    assertThat(s.calibration()).isEqualTo(Calibration.ISOTONIC);
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.cvFitRows()).isEqualTo(20_000);
    assertThat(s.trainerOptions().cvFitRows()).isEqualTo(20_000);
  }

  @Test
  void everyKeyShouldBeRead() throws Exception {
    ChurnSettings s =
        ChurnSettings.parse(
            yaml(
                """
                churn:
                  label_column: Churn
                  positive: "Yes"
                  horizon_days: 60
                  model: logistic
                  folds: 3
                  cv_fit_rows: 0
                  threshold: recall:0.8
                  calibration: platt
                  features: [tenure, Contract]
                  seed: 7
                """));
    assertThat(s.labelColumn()).isEqualTo("Churn");
    assertThat(s.positive()).containsExactly("yes");
    assertThat(s.horizonDays()).isEqualTo(60);
    assertThat(s.models()).containsExactly("logistic");
    assertThat(s.folds()).isEqualTo(3);
    assertThat(s.threshold()).isEqualTo(new ThresholdRule.TargetRecall(0.8));
    assertThat(s.calibration()).isEqualTo(Calibration.PLATT);
    assertThat(s.features()).isEqualTo(List.of("tenure", "Contract"));
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.cvFitRows()).isZero();
    assertThat(s.trainerOptions().cvFitRows()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "model: gbm|churn.model must be one of auto, xgboost, random_forest, logistic; got 'gbm'",
        "folds: 1|churn.folds must be a whole number from 2 to 20, got '1'",
        "horizon_days: soon|churn.horizon_days must be a whole number from 1 to 3650",
        "threshold: best|churn.threshold: 'best' is not a threshold rule; allowed: max_f1,"
            + " recall:<0-1>",
        "calibration: beta|churn.calibration: 'beta' is not a calibration; allowed: isotonic,"
            + " platt, none",
        "horizon: 90|churn: unknown key 'horizon'; allowed keys are calibration, cv_fit_rows,"
            + " enabled, features",
        "features: tenure|churn.features must be a list",
        "enabled: maybe|churn.enabled must be true or false",
        "label_column: ''|churn.label_column is empty",
        "seed: x|churn.seed must be an integer",
        "cv_fit_rows: -5|churn.cv_fit_rows must be a whole number from 0 to 2147483647",
        "cv_fit_rows: 1|churn.cv_fit_rows must be 0 (every fold fitted on all the other folds'"
            + " rows) or at least 2"
      })
  void aBadValueShouldNameTheKeyAndWhatIsAllowed(String entry, String message) {
    assertThatThrownBy(() -> ChurnSettings.parse(yaml("churn:\n  " + entry + "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
