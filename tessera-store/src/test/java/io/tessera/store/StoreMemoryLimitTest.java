package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store file's DuckDB gets three quarters of the memory the JVM's heap leaves, not DuckDB's
 * default of 80% of the machine beside the heap.
 */
class StoreMemoryLimitTest {
  @TempDir Path dir;

  @Test
  void aStoreFileShouldLimitDuckDbToThreeQuartersOfTheMemoryBesideTheHeap() throws SQLException {
    long physical =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    long expectedMb =
        Math.max(512, (physical - Runtime.getRuntime().maxMemory()) * 3 / 4 / (1024 * 1024));
    assertThat(Store.memoryLimitMb(null)).isBetween(expectedMb - 1, expectedMb + 1);
    long setMb = Store.memoryLimitMb(System.getenv(Store.MEMORY_VARIABLE));
    try (Store store = Store.open(dir.resolve("t.duckdb"));
        Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT value, (SELECT value FROM duckdb_settings() WHERE name = 'max_memory')"
                    + " FROM duckdb_settings() WHERE name = 'memory_limit'")) {
      assertThat(r.next()).isTrue();
      double mib = mib(r.getString(1));
      // DuckDB prints the limit rounded (e.g. "13.9 GiB"): within 1% of what was set
      assertThat(mib).isCloseTo(setMb, org.assertj.core.data.Percentage.withPercentage(1));
      // and below DuckDB's default of 80% of the machine
      assertThat(mib * 1024 * 1024).isLessThan(physical * 0.8);
    }
  }

  @Test
  void theVariableShouldSetTheLimitAndABadValueShouldSayWhatToGive() {
    assertThat(Store.memoryLimitMb(" 8192 ")).isEqualTo(8192);
    for (String bad : new String[] {"8GB", "10", "-1", "lots"}) {
      assertThatThrownBy(() -> Store.memoryLimitMb(bad))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(Store.MEMORY_VARIABLE + "=" + bad)
          .hasMessageContaining("in MiB");
    }
  }

  private static double mib(String duckDbSize) {
    String[] f = duckDbSize.strip().split(" ");
    double v = Double.parseDouble(f[0]);
    return switch (f[1]) {
      case "GiB" -> v * 1024;
      case "MiB" -> v;
      case "TiB" -> v * 1024 * 1024;
      default -> throw new AssertionError("unexpected DuckDB size " + duckDbSize);
    };
  }
}
