package io.tessera.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.ConfigException;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 part 2: without a configured key a run makes a random one next to the store, owner-only,
 * says where it is, and reads it again next time; a key given by the environment wins and makes no
 * file; a key file others can read is refused.
 */
class PseudonymKeyFileTest {
  @TempDir Path tmp;

  @Test
  void aFirstRunWithoutAKeyShouldMakeAnOwnerOnlyKeyAndLaterRunsShouldReuseIt() throws IOException {
    Path store = tmp.resolve("out/tessera.duckdb");
    StringWriter first = new StringWriter();
    Pseudonymizer a = IngestStage.pseudonymizer(config(), Map.of(), store, new PrintWriter(first));
    Path key = tmp.resolve("out/tessera.duckdb.pseudonym-key");
    assertThat(PseudonymKeyFile.of(store)).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    // 32 random bytes, base64url without padding
    assertThat(Files.readString(key).strip()).matches("[A-Za-z0-9_-]{43}");
    assertThat(first.toString())
        .contains(key.toString(), "owner-only", Pseudonymizer.KEY_ENV, "privacy.pseudonym_key")
        .contains("to rotate, delete the file");

    StringWriter second = new StringWriter();
    Pseudonymizer b = IngestStage.pseudonymizer(config(), Map.of(), store, new PrintWriter(second));
    assertThat(second.toString()).isEqualTo("pseudonym key: " + key + System.lineSeparator());
    assertThat(b.pseudonym("kim@example.com")).isEqualTo(a.pseudonym("kim@example.com"));

    // another store, another random key: different pseudonyms
    Pseudonymizer c =
        IngestStage.pseudonymizer(
            config(), Map.of(), tmp.resolve("other/t.duckdb"), new PrintWriter(new StringWriter()));
    assertThat(c.pseudonym("kim@example.com")).isNotEqualTo(a.pseudonym("kim@example.com"));
  }

  @Test
  void aKeyFromTheEnvironmentShouldWinAndMakeNoFile() throws IOException {
    Path store = tmp.resolve("tessera.duckdb");
    Pseudonymizer p =
        IngestStage.pseudonymizer(
            config(),
            Map.of(Pseudonymizer.KEY_ENV, "an-environment-key-0123"),
            store,
            new PrintWriter(new StringWriter()));
    assertThat(p.pseudonym("x@example.com"))
        .isEqualTo(new Pseudonymizer("an-environment-key-0123").pseudonym("x@example.com"));
    assertThat(PseudonymKeyFile.of(store)).doesNotExist();
  }

  @Test
  void aKeyFileOthersCanReadShouldBeRefusedWithWhatToDo() throws IOException {
    Path store = tmp.resolve("tessera.duckdb");
    Path key = PseudonymKeyFile.of(store);
    Files.writeString(key, "a-key-that-is-long-enough\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(
            () ->
                IngestStage.pseudonymizer(
                    config(), Map.of(), store, new PrintWriter(new StringWriter())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("others may read it (rw-r--r--)")
        .hasMessageContaining("chmod 600 " + key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(key, "short\n");
    assertThatThrownBy(
            () ->
                IngestStage.pseudonymizer(
                    config(), Map.of(), store, new PrintWriter(new StringWriter())))
        .hasMessageContaining("16+ characters")
        .hasMessageContaining("delete it");
  }

  private TesseraConfig config() throws IOException {
    Files.createDirectories(tmp.resolve("data"));
    return TesseraConfig.forDataDir(tmp.resolve("data"));
  }
}
