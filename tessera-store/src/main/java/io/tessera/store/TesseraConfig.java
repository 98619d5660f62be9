package io.tessera.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tessera.contract.Source;
import io.tessera.profile.ProfileSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's configuration ({@code tessera.yaml}). Relative paths resolve against {@code baseDir}: the
 * config file's folder, or the data directory.
 *
 * @param baseDir the folder relative paths resolve against
 * @param asOf the run's reference date; null = the day after the latest order or event
 * @param currency the base currency every amount is converted to
 * @param timezone the zone of timestamps written without an offset
 * @param rates the currency rates file (columns currency, rate), or null
 * @param botMaxEventsPerMinute more events than this from one id in one minute marks a bot
 * @param pseudonymise whether email and phone are replaced by keyed pseudonyms (default true)
 * @param pseudonymKey the key, when given in the config rather than the environment
 * @param sources per source, a SQL query or a file; empty = the contract files in baseDir
 * @param raw the whole YAML tree, for later stages' own keys
 */
public record TesseraConfig(
    Path baseDir,
    LocalDate asOf,
    String currency,
    ZoneId timezone,
    Path rates,
    int botMaxEventsPerMinute,
    boolean pseudonymise,
    String pseudonymKey,
    Map<Source, SourceSpec> sources,
    JsonNode raw) {

  /** Top-level keys this version understands (later stages add theirs here). */
  public static final Set<String> KEYS =
      Set.of(
          "as_of",
          "currency",
          "timezone",
          "rates",
          "bots",
          "privacy",
          "consent",
          "sources",
          "segmentation",
          "features",
          "clustering",
          "rfm",
          "predictions",
          "churn",
          "recommend",
          "clv",
          "report",
          "webhooks",
          "text",
          "identity");

  public TesseraConfig {
    sources = sources.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(sources));
  }

  /** Where one source comes from: a DuckDB SQL query or a file. */
  public record SourceSpec(String sql, Path file) {
    public SourceSpec {
      if ((sql == null) == (file == null)) {
        throw new IllegalArgumentException("a source needs exactly one of sql or path");
      }
    }
  }

  /** The defaults for a data directory without tessera.yaml. */
  public static TesseraConfig defaults(Path dataDir) {
    return new TesseraConfig(
        dataDir, null, "USD", ZoneId.of("UTC"), null, 60, true, null, Map.of(), null);
  }

  /** Reads a tessera.yaml; relative paths resolve against its folder. */
  public static TesseraConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "config file "
              + file
              + " does not exist; give the path of a tessera.yaml (see examples/)");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read "
              + file
              + " as YAML: "
              + firstLine(e.getMessage())
              + "; check its indentation and quoting",
          e);
    }
    Path base = file.toAbsolutePath().getParent();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return defaults(base);
    }
    if (!root.isObject()) {
      throw new ConfigException(
          file + ": the top level must be a mapping of keys such as currency, sources");
    }
    return fromTree(root, base, file.toString());
  }

  static TesseraConfig fromTree(JsonNode root, Path base, String where) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ConfigException(
            where
                + ": unknown key '"
                + key
                + "'; allowed keys are "
                + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    LocalDate asOf = null;
    if (root.hasNonNull("as_of")) {
      try {
        asOf = LocalDate.parse(root.get("as_of").asText());
      } catch (DateTimeException e) {
        throw new ConfigException(
            where
                + ": as_of must be a date like 2011-12-10, got '"
                + root.get("as_of").asText()
                + "'");
      }
    }
    String currency =
        root.path("currency").asText("USD").strip().toUpperCase(java.util.Locale.ROOT);
    if (!io.tessera.contract.Money.isCurrencyCode(currency)) {
      throw new ConfigException(
          where
              + ": currency must be a three-letter ISO-4217 code such as EUR, got '"
              + currency
              + "'");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(root.path("timezone").asText("UTC"));
    } catch (DateTimeException e) {
      throw new ConfigException(
          where
              + ": timezone must be a zone id such as UTC or Asia/Seoul, got '"
              + root.path("timezone").asText()
              + "'");
    }
    Path rates =
        root.hasNonNull("rates") ? base.resolve(root.get("rates").asText()).normalize() : null;
    JsonNode bots = root.path("bots");
    checkKeys(bots, Set.of("max_events_per_minute"), where + ": bots");
    int botMax = bots.path("max_events_per_minute").asInt(60);
    if (botMax < 1) {
      throw new ConfigException(
          where + ": bots.max_events_per_minute must be at least 1, got " + botMax);
    }
    JsonNode privacy = root.path("privacy");
    checkKeys(
        privacy,
        Set.of("pseudonymise", "pseudonym_key", "keep_traits", "keep_properties"),
        where + ": privacy");
    stringList(privacy.path("keep_traits"), where + ": privacy.keep_traits");
    stringList(privacy.path("keep_properties"), where + ": privacy.keep_properties");
    checkKeys(root.path("webhooks"), Set.of("allow_hosts"), where + ": webhooks");
    stringList(root.path("webhooks").path("allow_hosts"), where + ": webhooks.allow_hosts");
    boolean pseudonymise = privacy.path("pseudonymise").asBoolean(true);
    String key = privacy.hasNonNull("pseudonym_key") ? privacy.get("pseudonym_key").asText() : null;

    JsonNode consent = root.path("consent");
    checkKeys(consent, Set.of("default_profiling"), where + ": consent");
    defaultProfiling(root, where);

    Map<Source, SourceSpec> sources = sources(root.path("sources"), base, where);
    return new TesseraConfig(
        base, asOf, currency, zone, rates, botMax, pseudonymise, key, sources, root);
  }

  /** The {@code sources} block: each source's SQL query or file, resolved against {@code base}. */
  private static Map<Source, SourceSpec> sources(JsonNode src, Path base, String where) {
    Map<Source, SourceSpec> sources = new EnumMap<>(Source.class);
    if (!src.isMissingNode() && !src.isNull()) {
      if (!src.isObject()) {
        throw new ConfigException(
            where
                + ": sources must map source names (orders, events, ...) to {sql: ...} or {path:"
                + " ...}");
      }
      for (Map.Entry<String, JsonNode> e : src.properties()) {
        Source s;
        try {
          s = Source.fromStem(e.getKey());
        } catch (IllegalArgumentException ex) {
          throw new ConfigException(where + ": sources: " + ex.getMessage());
        }
        JsonNode spec = e.getValue();
        checkKeys(spec, Set.of("sql", "path"), where + ": sources." + e.getKey());
        boolean hasSql = spec.hasNonNull("sql");
        boolean hasPath = spec.hasNonNull("path");
        if (hasSql == hasPath) {
          throw new ConfigException(
              where
                  + ": sources."
                  + e.getKey()
                  + " needs exactly one of 'sql' (a DuckDB query) or 'path' (a file)");
        }
        sources.put(
            s,
            hasSql
                ? new SourceSpec(spec.get("sql").asText(), null)
                : new SourceSpec(null, base.resolve(spec.get("path").asText()).normalize()));
      }
    }
    return sources;
  }

  /**
   * How profiles count days and sessions under this configuration: purchase days and windows in its
   * {@code timezone}, the default session gap. The one source of the batch run's and the live
   * server's day, so that both count a customer's purchase days alike.
   */
  public ProfileSettings profileSettings() {
    return new ProfileSettings(timezone, ProfileSettings.DEFAULT.sessionGap());
  }

  /**
   * {@code privacy.keep_traits}: the identify traits the live engine keeps (core's {@code
   * PersonalData}); null when not set (the defaults apply).
   */
  public List<String> keepTraits() {
    return raw == null ? null : stringList(raw.path("privacy").path("keep_traits"), "keep_traits");
  }

  /**
   * {@code privacy.keep_properties}: the event properties kept, live and batch; null when not set.
   */
  public List<String> keepProperties() {
    return raw == null
        ? null
        : stringList(raw.path("privacy").path("keep_properties"), "keep_properties");
  }

  /**
   * {@code webhooks.allow_hosts}: webhook hosts an admin allows although they resolve to a
   * loopback, private, link-local or metadata address; empty when not set.
   */
  public List<String> webhookAllowHosts() {
    List<String> hosts =
        raw == null ? null : stringList(raw.path("webhooks").path("allow_hosts"), "allow_hosts");
    return hosts == null ? List.of() : hosts;
  }

  /** A list of non-blank strings, or null when the key is absent. */
  private static List<String> stringList(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new ConfigException(where + " must be a list such as [plan, country], got " + node);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isValueNode() || n.isNull() || n.asText().isBlank()) {
        throw new ConfigException(where + " must hold names, got " + n);
      }
      out.add(n.asText().strip());
    }
    return List.copyOf(out);
  }

  /**
   * Whether a customer whose consent_profiling is not given (empty, or no customers row) may be
   * profiled: {@code consent.default_profiling}, {@code allow} (the default) or {@code deny}.
   */
  public boolean defaultProfilingAllowed() {
    return defaultProfiling(raw, "tessera.yaml");
  }

  private static boolean defaultProfiling(JsonNode root, String where) {
    JsonNode v = root == null ? null : root.path("consent").path("default_profiling");
    if (v == null || v.isMissingNode() || v.isNull()) {
      return true;
    }
    return switch (v.asText().strip().toLowerCase(java.util.Locale.ROOT)) {
      case "allow" -> true;
      case "deny" -> false;
      default ->
          throw new ConfigException(
              where
                  + ": consent.default_profiling must be allow or deny, got '"
                  + v.asText()
                  + "'");
    };
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new ConfigException(
          where + " must be a mapping with keys " + String.join(", ", allowed));
    }
    List<String> unknown = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!allowed.contains(k)) {
                unknown.add(k);
              }
            });
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          where
              + ": unknown key '"
              + unknown.get(0)
              + "'; allowed keys are "
              + String.join(", ", allowed.stream().sorted().toList()));
    }
  }

  /** Reads a data directory's own tessera.yaml if it has one, else the defaults. */
  public static TesseraConfig forDataDir(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      throw new ConfigException(
          "data directory "
              + dataDir
              + " does not exist; give a folder with orders.csv or events.csv");
    }
    Path yaml = dataDir.resolve("tessera.yaml");
    return Files.isRegularFile(yaml) ? load(yaml) : defaults(dataDir.toAbsolutePath());
  }

  public TesseraConfig withAsOf(LocalDate date) {
    return new TesseraConfig(
        baseDir,
        date,
        currency,
        timezone,
        rates,
        botMaxEventsPerMinute,
        pseudonymise,
        pseudonymKey,
        sources,
        raw);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
