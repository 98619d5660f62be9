package io.tessera.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions of Tessera and of the libraries that fit its models, as a provenance records them.
 * Tessera's own comes from a resource filled in by the build; a library's from its jar's Maven
 * metadata ({@code META-INF/maven/<group>/<artifact>/pom.properties}), else "unknown".
 */
public final class Versions {
  private Versions() {}

  private static final String TESSERA = read("/io/tessera/model/versions.properties", "tessera");

  /** Tessera's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String tessera() {
    return TESSERA;
  }

  /** Smile's version (k-means, forests, mixtures). */
  public static String smile() {
    return library("com.github.haifengl", "smile-core");
  }

  /** XGBoost4J's version (the boosted churn model). */
  public static String xgboost() {
    return library("ml.dmlc", "xgboost4j_2.13");
  }

  /** Hipparchus's version (the likelihood searches and special functions). */
  public static String hipparchus() {
    return library("org.hipparchus", "hipparchus-core");
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

  static String library(String group, String artifact) {
    return read("/META-INF/maven/" + group + "/" + artifact + "/pom.properties", "version");
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
