package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.ConfigException;
import io.tessera.store.TesseraConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera serve --config}: which personal-data rule and key the server gets, and the day its
 * live profiles count in.
 */
class ServePrivacyTest {
  @TempDir Path dir;
  private static final String KEY = "a-test-key-of-enough-length";

  private TesseraConfig config(String yaml) throws Exception {
    Path f = dir.resolve("tessera.yaml");
    Files.writeString(f, yaml);
    return TesseraConfig.load(f);
  }

  @Test
  void theKeyAndAllowlistsShouldComeFromTheConfigThenTheEnvironment() throws Exception {
    ObjectNode traits =
        (ObjectNode)
            new ObjectMapper()
                .readTree("{\"plan\":\"p\",\"tier\":\"t\",\"email\":\"a@b.example\"}");
    PersonalData fromConfig =
        ServeCommand.privacy(
            config("privacy:\n  pseudonym_key: " + KEY + "\n  keep_traits: [plan, email]\n"),
            Map.of());
    assertThat(fromConfig.mode()).isEqualTo(PersonalData.Mode.PSEUDONYMISE);
    assertThat(fromConfig.traits(traits).toString())
        .isEqualTo(
            "{\"plan\":\"p\",\"email\":\""
                + new Pseudonymizer(KEY).pseudonym("a@b.example")
                + "\"}");
    PersonalData fromEnv = ServeCommand.privacy(null, Map.of(Pseudonymizer.KEY_ENV, KEY));
    assertThat(fromEnv.mode()).isEqualTo(PersonalData.Mode.PSEUDONYMISE);
    assertThat(fromEnv.traits(traits).toString()).isEqualTo("{\"plan\":\"p\",\"tier\":\"t\"}");
    // no key anywhere: the server uses the one it keeps in its store (TesseraServer)
    assertThat(ServeCommand.privacy(null, Map.of()).mode()).isEqualTo(PersonalData.Mode.DROP);
    PersonalData off = ServeCommand.privacy(config("privacy:\n  pseudonymise: false\n"), Map.of());
    assertThat(off.mode()).isEqualTo(PersonalData.Mode.KEEP);
    assertThatThrownBy(
            () -> ServeCommand.privacy(config("privacy:\n  pseudonym_key: short\n"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least 16 characters");
  }

  @Test
  void theLiveEngineShouldCountDaysInTheConfiguredZoneAsTheBatchRunDoes() throws Exception {
    TesseraConfig seoul = config("timezone: Asia/Seoul\n");
    var engine = ServeCommand.engine(seoul, "KRW", Map.of(Pseudonymizer.KEY_ENV, KEY));
    assertThat(engine.settings()).isEqualTo(seoul.profileSettings());
    assertThat(engine.settings().zone()).isEqualTo(java.time.ZoneId.of("Asia/Seoul"));
    assertThat(engine.baseCurrency()).isEqualTo("KRW");
    // without a config the server keeps UTC days
    assertThat(ServeCommand.engine(null, "USD", Map.of()).settings().zone())
        .isEqualTo(java.time.ZoneOffset.UTC);
  }
}
