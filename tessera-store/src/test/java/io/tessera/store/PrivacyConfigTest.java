package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The personal-data allowlists and the webhook host allowlist in tessera.yaml. */
class PrivacyConfigTest {
  @TempDir Path dir;

  @Test
  void theAllowlistsShouldBeReadAndAbsentOnesLeftToTheDefaults() throws Exception {
    Path yaml = dir.resolve("tessera.yaml");
    Files.writeString(
        yaml,
        """
        privacy:
          keep_traits: [plan, createdAt]
          keep_properties: ["*"]
        webhooks:
          allow_hosts: [127.0.0.1, hooks.internal]
        """);
    TesseraConfig c = TesseraConfig.load(yaml);
    assertThat(c.keepTraits()).containsExactly("plan", "createdAt");
    assertThat(c.keepProperties()).containsExactly("*");
    assertThat(c.webhookAllowHosts()).containsExactly("127.0.0.1", "hooks.internal");
    TesseraConfig none = TesseraConfig.defaults(dir);
    assertThat(none.keepTraits()).isNull();
    assertThat(none.keepProperties()).isNull();
    assertThat(none.webhookAllowHosts()).isEmpty();
  }

  @Test
  void aMalformedListShouldStopWithTheKeyNamed() throws Exception {
    Path yaml = dir.resolve("tessera.yaml");
    for (String[] bad :
        List.of(
            new String[] {"privacy:\n  keep_traits: plan\n", "privacy.keep_traits must be a list"},
            new String[] {"webhooks:\n  allow_hosts: [\"\"]\n", "webhooks.allow_hosts must hold"},
            new String[] {"webhooks:\n  allow: [x]\n", "webhooks: unknown key 'allow'"},
            new String[] {"privacy:\n  keep: [x]\n", "privacy: unknown key 'keep'"})) {
      Files.writeString(yaml, bad[0]);
      assertThatThrownBy(() -> TesseraConfig.load(yaml))
          .as(bad[0])
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad[1]);
    }
  }
}
