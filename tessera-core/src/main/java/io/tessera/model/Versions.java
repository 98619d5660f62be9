package io.tessera.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions of Tessera and of the libraries that fit its models, as a provenance records them:
 * from a resource the build fills in with the project's version and the library versions it
 * resolved (dependency convergence makes them the ones on the classpath; Smile's jar carries no
 * version of its own). "unknown" when run from unfiltered sources.
 */
public final class Versions {
  private Versions() {}

  private static final String RESOURCE = "/io/tessera/model/versions.properties";

  /** Tessera's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String tessera() {
    return read(RESOURCE, "tessera");
  }

  /** Smile's version (k-means, forests, mixtures). */
  public static String smile() {
    return read(RESOURCE, "smile");
  }

  /** XGBoost4J's version (the boosted churn model). */
  public static String xgboost() {
    return read(RESOURCE, "xgboost4j");
  }

  /** Hipparchus's version (the likelihood searches and special functions). */
  public static String hipparchus() {
    return read(RESOURCE, "hipparchus");
  }

  /** Tessera's and the named libraries' versions, Tessera first. */
  public static Map<String, String> of(String... libraries) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("tessera", tessera());
    for (String l : libraries) {
      out.put(
          l,
          switch (l) {
            case "smile" -> smile();
            case "xgboost4j" -> xgboost();
            case "hipparchus" -> hipparchus();
            default -> throw new IllegalArgumentException("unknown library " + l);
          });
    }
    return out;
  }

  private static String read(String resource, String key) {
    try (InputStream in = Versions.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty(key);
      return v == null || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
