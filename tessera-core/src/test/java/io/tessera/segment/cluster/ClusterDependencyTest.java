package io.tessera.segment.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Clustering works on plain {@code double[][]} rows, so it stays usable from the batch run, the
 * live engine and Spark: it may use Smile, Jackson and the JDK, nothing of the profile or store
 * layers.
 */
class ClusterDependencyTest {
  private static final JavaClasses CLUSTER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tessera.segment.cluster");

  @Test
  void clusteringShouldDependOnlyOnSmileTribuoJacksonAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("io.tessera.segment.cluster..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.tessera.segment.cluster..",
            "smile..",
            // HDBSCAN only (Clustering.hdbscan)
            "org.tribuo..",
            // the gap statistic's principal axes (KCriteria)
            "org.hipparchus..",
            "java..",
            "com.fasterxml.jackson..")
        .check(CLUSTER);
  }
}
