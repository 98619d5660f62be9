package io.tessera.segment.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Clustering works on plain {@code double[][]} rows, so it stays usable from the batch run, the
 * live engine and Spark: it may use Smile, Hipparchus, Jackson and the JDK, nothing of the profile
 * or store layers; and none of Smile's classes that need the system's native BLAS, LAPACK or
 * ARPACK, so that clustering and the maps run on a machine with only a JDK.
 */
class ClusterDependencyTest {
  private static final JavaClasses CLUSTER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tessera.segment.cluster");

  @Test
  void clusteringShouldDependOnlyOnSmileHipparchusTribuoJacksonAndTheJdk() {
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
            // pure-Java linear algebra (PCA, Gaussian covariances, UMAP's curve fit) and the gap
            // statistic's principal axes (KCriteria)
            "org.hipparchus..",
            "java..",
            "com.fasterxml.jackson..",
            // the model file's conventions (format_version, provenance) and its error type
            "io.tessera.model..",
            "io.tessera.config..")
        .check(CLUSTER);
  }

  @Test
  void clusteringShouldNotUseSmileClassesThatLoadNativeLinearAlgebra() {
    // each of these calls LAPACK or ARPACK through the system's shared libraries (Smile 6.3)
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("smile.feature.extraction.PCA")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("smile.manifold.UMAP")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("smile.stat.distribution.MultivariateGaussianDistribution")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("smile.linalg..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("smile.tensor.ARPACK")
        .check(CLUSTER);
  }
}
