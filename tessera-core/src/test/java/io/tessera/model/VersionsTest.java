package io.tessera.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A provenance names the versions the build resolved, never a placeholder. */
class VersionsTest {
  @Test
  void shouldNameTesseraAndTheFittingLibrariesAsTheBuildResolvedThem() {
    // filled in from the root pom's smile.version, xgboost.version and hipparchus.version: a
    // property name that does not resolve would leave "${...}", read as "unknown"
    var versions = Versions.of("smile", "xgboost4j", "hipparchus");
    assertThat(versions).containsOnlyKeys("tessera", "smile", "xgboost4j", "hipparchus");
    versions.forEach(
        (library, version) -> assertThat(version).as(library).matches("\\d+\\.\\d+\\.\\d+.*"));
  }
}
