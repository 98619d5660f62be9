package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The store's configuration errors are core's ConfigException, so one handler catches both. */
class StoreConfigExceptionTest {
  @Test
  void shouldBeCaughtAsTheCoreConfigExceptionWithItsMessageMadeSafe() {
    assertThatThrownBy(
            () -> {
              throw new ConfigException("sources.orders.path: \u001b[2J no such file");
            })
        .isInstanceOf(io.tessera.config.ConfigException.class)
        .hasMessage("sources.orders.path: \\u001b[2J no such file");
    assertThat(new ConfigException("timezone", "'Mars/Base' is not a time zone", null).key())
        .isEqualTo("timezone");
  }
}
