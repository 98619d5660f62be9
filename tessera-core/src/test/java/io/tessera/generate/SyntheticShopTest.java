package io.tessera.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticShopTest {
  @TempDir Path tmp;

  @Test
  void sameSeedShouldGiveTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
    GeneratorOptions options = new GeneratorOptions(9_000, 200, 7, 0.02, null);
    SyntheticShop.write(options, tmp.resolve("a"));
    SyntheticShop.write(options, tmp.resolve("b"));
    SyntheticShop.write(new GeneratorOptions(9_000, 200, 8, 0.02, null), tmp.resolve("c"));
    assertThat(digest(tmp.resolve("a"))).isEqualTo(digest(tmp.resolve("b")));
    assertThat(digest(tmp.resolve("a"))).isNotEqualTo(digest(tmp.resolve("c")));
  }

  @Test
  void shouldCountEveryRecognisableInjectedFault() throws IOException {
    Path out = tmp.resolve("shop");
    GenerationSummary summary =
        SyntheticShop.write(new GeneratorOptions(5_000, 365, 3, 0.03, null), out);
    List<String> orders = Files.readAllLines(out.resolve("orders.csv"));
    long zzz = orders.stream().filter(l -> l.contains(",ZZZ,")).count();
    long future = orders.stream().filter(l -> l.contains(",2099-")).count();
    long before1990 = orders.stream().filter(l -> l.contains(",1970-01-01T00:00:00Z,")).count();
    long extraField = orders.stream().filter(l -> l.endsWith(",unexpected")).count();
    Map<String, Long> ids = new HashMap<>();
    orders.stream().skip(1).forEach(l -> ids.merge(l.split(",", -1)[0], 1L, Long::sum));
    long duplicates =
        ids.entrySet().stream()
            .filter(e -> !e.getKey().isEmpty())
            .mapToLong(e -> e.getValue() - 1)
            .sum();

    Map<String, Long> counted = summary.faults().get("orders");
    assertThat(counted.get("unknown_currency")).isEqualTo(zzz).isPositive();
    assertThat(counted.get("timestamp_in_future")).isEqualTo(future).isPositive();
    assertThat(counted.get("timestamp_before_1990")).isEqualTo(before1990).isPositive();
    assertThat(counted.get("malformed_row")).isEqualTo(extraField).isPositive();
    assertThat(counted.get("duplicate_id")).isEqualTo(duplicates).isPositive();
    assertThat(Files.readString(out.resolve("truth/faults.json"))).contains("\"bot\"");
  }

  @Test
  void personasShouldDifferInFrequencyAndFutureBuying() throws IOException {
    Path out = tmp.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(8_000, 365, 11, 0.0, null), out);
    Map<String, String> persona = new HashMap<>();
    Map<String, long[]> buysNext = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("truth/customers.csv")).subList(1, 8_001)) {
      String[] f = line.split(",");
      persona.put(f[0], f[1]);
      long[] c = buysNext.computeIfAbsent(f[1], k -> new long[2]);
      c[0]++;
      c[1] += Boolean.parseBoolean(f[2]) ? 1 : 0;
    }
    Map<String, long[]> orders = new HashMap<>();
    for (String line :
        Files.readAllLines(out.resolve("orders.csv"))
            .subList(1, Files.readAllLines(out.resolve("orders.csv")).size())) {
      orders.computeIfAbsent(persona.get(line.split(",")[1]), k -> new long[1])[0]++;
    }
    double vip = orders.get("vip")[0] / (double) buysNext.get("vip")[0];
    double loyal = orders.get("loyal")[0] / (double) buysNext.get("loyal")[0];
    double oneTime = orders.get("one_time")[0] / (double) buysNext.get("one_time")[0];
    // planted rates (Persona): vip 16/yr > loyal 6/yr > one-time exactly one order
    assertThat(vip).isGreaterThan(2 * loyal);
    assertThat(loyal).isGreaterThan(3 * oneTime);
    assertThat(oneTime).isEqualTo(1.0);
    double vipBuys = buysNext.get("vip")[1] / (double) buysNext.get("vip")[0];
    double lapsingBuys = buysNext.get("lapsing_vip")[1] / (double) buysNext.get("lapsing_vip")[0];
    assertThat(vipBuys).isGreaterThan(0.9);
    assertThat(lapsingBuys).isLessThan(0.3);
  }

  private static String digest(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        sha.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
