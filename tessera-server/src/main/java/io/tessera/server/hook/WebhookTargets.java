package io.tessera.server.hook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where webhooks may post (server-side request forgery guard). A target's host is resolved and
 * every address it resolves to must be a public one: loopback, unspecified, link-local (with the
 * cloud metadata address 169.254.169.254), private (RFC 1918), shared (RFC 6598), unique-local IPv6
 * (fc00::/7), multicast and reserved addresses are refused, also when written as one decimal, hex
 * or octal number (2130706433, 0x7f000001, 0177.0.0.1) or embedded in an IPv4-mapped, -compatible
 * or NAT64 IPv6 address. An admin may allow hosts by name in the config ({@code
 * webhooks.allow_hosts}), e.g. a receiver on the same machine.
 *
 * <p>The check runs at registration and before every delivery attempt (so a name that later
 * resolves elsewhere, DNS rebinding, is refused then); redirects are never followed. The JVM caches
 * a successful lookup (30 s by default, {@code networkaddress.cache.ttl}), so the connection that
 * follows a check uses the address the check saw.
 */
public final class WebhookTargets {

  /** Resolves a host name to its addresses (the system resolver, or a test's). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Set<String> allowHosts;
  private final Resolver resolver;

  public WebhookTargets(Collection<String> allowHosts, Resolver resolver) {
    this.allowHosts =
        allowHosts.stream()
            .map(h -> bare(h.strip()).toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.resolver = resolver;
  }

  /** The system resolver, with these hosts allowed. */
  public WebhookTargets(Collection<String> allowHosts) {
    this(allowHosts, InetAddress::getAllByName);
  }

  /** No host allowed beyond public addresses. */
  public static WebhookTargets strict() {
    return new WebhookTargets(Set.of());
  }

  /**
   * Checks a webhook URL.
   *
   * @throws IllegalArgumentException with the reason, naming the host and the address
   */
  public void check(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url is not a valid URL: " + url);
    }
    String host = u.getHost();
    if (host == null && u.getRawAuthority() != null) {
      // java.net.URI leaves the host null for forms such as 127.1: take it from the authority
      String authority = u.getRawAuthority();
      host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d*$", "");
    }
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("url must be an absolute http(s) URL, got: " + url);
    }
    host = bare(host);
    if (allowHosts.contains(host.toLowerCase(Locale.ROOT))) {
      return;
    }
    String hint =
        "; an admin can allow it with webhooks.allow_hosts in tessera.yaml (tessera serve"
            + " --config)";
    InetAddress numeric = numericIpv4(host);
    if (numeric != null) {
      String why = refusal(numeric);
      if (why != null) {
        throw new IllegalArgumentException(
            "url host "
                + host
                + " is "
                + numeric.getHostAddress()
                + ", a "
                + why
                + " address; webhooks may only post to public addresses"
                + hint);
      }
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("url host " + host + " cannot be resolved");
    }
    for (InetAddress a : addresses) {
      String why = refusal(a);
      if (why != null) {
        throw new IllegalArgumentException(
            "url host "
                + host
                + " resolves to "
                + a.getHostAddress()
                + ", a "
                + why
                + " address; webhooks may only post to public addresses"
                + hint);
      }
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * Why an address may not be a webhook target, or null when it is a public one.
   *
   * @return e.g. "loopback", "private", "link-local (cloud metadata)"
   */
  static String refusal(InetAddress a) {
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      InetAddress embedded = embeddedIpv4(b);
      if (embedded != null) {
        String why = refusal(embedded);
        return why == null ? null : why + " (IPv4 inside IPv6)";
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return "unique-local";
      }
    }
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (a.isLinkLocalAddress()) {
      return a.getHostAddress().equals("169.254.169.254")
          ? "link-local (cloud metadata)"
          : "link-local";
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0) {
        return "unspecified";
      }
      if (b0 == 100 && b1 >= 64 && b1 < 128) {
        return "shared (carrier-grade NAT, RFC 6598)";
      }
      if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) {
        return "reserved (IETF protocol assignments)";
      }
      if (b0 == 198 && (b1 == 18 || b1 == 19)) {
        return "reserved (benchmarking)";
      }
      if (b0 >= 240) {
        return "reserved";
      }
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) address. */
  private static InetAddress embeddedIpv4(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 10; i++) {
      zeros &= b[i] == 0;
    }
    boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff;
    nat64 &= (b[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    if (!mapped && !compatible && !nat64) {
      return null;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * A host written as an IPv4 number the way inet_aton reads it (one to four parts, each decimal,
   * 0x hex or 0 octal: 2130706433, 0x7f000001, 0177.0.0.1, 127.1), or null when it is not one.
   * Checked besides the resolver's answer, since resolvers differ in which of these forms they
   * accept.
   */
  static InetAddress numericIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] v = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].toLowerCase(Locale.ROOT);
      try {
        if (p.startsWith("0x")) {
          v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          v[i] = Long.parseLong(p.substring(1), 8);
        } else {
          v[i] = Long.parseLong(p);
        }
      } catch (NumberFormatException e) {
        return null;
      }
      if (v[i] < 0 || p.length() > 12) {
        return null;
      }
    }
    long addr;
    int n = parts.length;
    long last = v[n - 1];
    long lastMax = 0xffffffffL >>> (8 * (n - 1));
    if (last > lastMax) {
      return null;
    }
    addr = last;
    for (int i = 0; i < n - 1; i++) {
      if (v[i] > 255) {
        return null;
      }
      addr |= v[i] << (8 * (3 - i));
    }
    try {
      return InetAddress.getByAddress(
          new byte[] {
            (byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr
          });
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
