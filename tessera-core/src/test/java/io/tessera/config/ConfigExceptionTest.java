package io.tessera.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigExceptionTest {
  @Test
  void shouldStartTheMessageWithTheKeyItCarries() {
    ConfigException e = new ConfigException("clustering.k", "must be >= 2 or auto, got 1", null);
    assertThat(e.key()).isEqualTo("clustering.k");
    assertThat(e.getMessage()).isEqualTo("clustering.k: must be >= 2 or auto, got 1");
    assertThat(new ConfigException("clustering.k", "clustering.k must be >= 2", null).getMessage())
        .isEqualTo("clustering.k must be >= 2");
  }

  @Test
  void shouldNameTheFileAndKeyOfAModelFile() {
    ConfigException e = ConfigException.inFile("out/models/clv.json", "bgnbd.r", "is missing");
    assertThat(e.key()).isEqualTo("out/models/clv.json: bgnbd.r");
    assertThat(e.getMessage()).isEqualTo("out/models/clv.json: bgnbd.r: is missing");
  }

  @Test
  void shouldShowControlCharactersEscapedAndElideTheMiddleOfALongMessage() {
    assertThat(new ConfigException("bad \u001b[31mred\u202e\tx").getMessage())
        .isEqualTo("bad \\u001b[31mred\\u202e\\u0009x");
    String longMessage = "where: " + "x".repeat(2000) + " what to do";
    String shown = new ConfigException(longMessage).getMessage();
    assertThat(shown.length()).isLessThanOrEqualTo(ConfigException.MAX_LENGTH + 40);
    assertThat(shown)
        .startsWith("where: xxx")
        .endsWith("x what to do")
        .contains("characters left out");
    assertThat(new ConfigException(null).getMessage()).isNull();
  }
}
