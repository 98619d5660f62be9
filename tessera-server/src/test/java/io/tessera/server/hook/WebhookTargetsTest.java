package io.tessera.server.hook;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 13, case 7: which webhook targets are refused, and why. */
class WebhookTargetsTest {

  /** A resolver that answers literal addresses itself and these names from the map. */
  private static WebhookTargets.Resolver names(Map<String, String> names) {
    return host -> {
      String a = names.get(host.toLowerCase(java.util.Locale.ROOT));
      if (a != null) {
        return new InetAddress[] {InetAddress.getByName(a)};
      }
      if (host.matches("[0-9.]+") || host.contains(":")) {
        return InetAddress.getAllByName(host);
      }
      throw new UnknownHostException(host);
    };
  }

  @Test
  void internalAddressesInEveryNotationShouldBeRefusedWithTheReason() {
    WebhookTargets t = new WebhookTargets(List.of(), names(Map.of("localhost", "127.0.0.1")));
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("http://169.254.169.254/latest/meta-data/", "link-local (cloud metadata)"),
            Map.entry("http://10.1.2.3/h", "private"),
            Map.entry("http://172.16.0.1/h", "private"),
            Map.entry("http://172.31.255.254/h", "private"),
            Map.entry("http://192.168.1.10:8080/h", "private"),
            Map.entry("http://[fd00::1]/h", "unique-local"),
            Map.entry("http://[fc00::2]/h", "unique-local"),
            Map.entry("http://[::1]/h", "loopback"),
            Map.entry("http://localhost/h", "loopback"),
            Map.entry("http://LOCALHOST:9/h", "loopback"),
            Map.entry("http://0.0.0.0/h", "unspecified"),
            Map.entry("http://[::]/h", "unspecified"),
            Map.entry("http://[::ffff:127.0.0.1]/h", "loopback"),
            Map.entry("http://[::ffff:a9fe:a9fe]/h", "link-local (cloud metadata)"),
            Map.entry("http://[64:ff9b::a00:1]/h", "private (IPv4 inside IPv6)"),
            Map.entry("http://2130706433/h", "loopback"),
            Map.entry("http://0x7f000001/h", "loopback"),
            Map.entry("http://0177.0.0.1/h", "loopback"),
            Map.entry("http://127.1/h", "loopback"),
            Map.entry("http://user@127.0.0.1/h", "loopback"),
            Map.entry("http://100.64.0.1/h", "shared (carrier-grade NAT, RFC 6598)"),
            Map.entry("http://[fe80::1]/h", "link-local"),
            Map.entry("http://224.0.0.1/h", "multicast"));
    refused.forEach(
        (url, why) ->
            assertThatThrownBy(() -> t.check(url))
                .as(url)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(", a " + why + " address")
                .hasMessageContaining("webhooks.allow_hosts"));
    for (String ok :
        List.of("https://93.184.216.34/hook", "http://8.8.8.8:8080/x", "https://[2606:4700::1]/")) {
      t.check(ok);
    }
    assertThatThrownBy(() -> t.check("http://no-such-host.invalid/h"))
        .hasMessage("url host no-such-host.invalid cannot be resolved");
  }

  @Test
  void aNameIsJudgedByWhatItResolvesToEachTime() {
    AtomicInteger lookups = new AtomicInteger();
    WebhookTargets t =
        new WebhookTargets(
            List.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName(
                      host.equals("rebind.example") && lookups.getAndIncrement() > 0
                          ? "127.0.0.1"
                          : "93.184.216.34")
                });
    t.check("https://rebind.example/hook"); // registration: public
    assertThatThrownBy(() -> t.check("https://rebind.example/hook")) // delivery: rebound
        .hasMessageContaining("resolves to 127.0.0.1, a loopback address");
    // a name with several addresses is refused when any of them is internal
    WebhookTargets two =
        new WebhookTargets(
            List.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")
                });
    assertThatThrownBy(() -> two.check("https://mixed.example/"))
        .hasMessageContaining("10.0.0.7, a private address");
  }

  @Test
  void anAllowedHostShouldPassWhateverItResolvesTo() {
    WebhookTargets t =
        new WebhookTargets(
            List.of("127.0.0.1", "Hooks.Internal", "[::1]"),
            names(Map.of("hooks.internal", "10.0.0.9")));
    t.check("http://127.0.0.1:8080/hook");
    t.check("http://hooks.internal/hook");
    t.check("http://[::1]:9/hook");
    // only the names given: another spelling of the same address is still refused
    assertThatThrownBy(() -> t.check("http://2130706433/hook")).hasMessageContaining("loopback");
  }
}
