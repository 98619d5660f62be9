package io.tessera.profile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Profiles run inside Spark executors and the live engine, so they may use only the contract, the
 * JDK and Jackson annotations; features build on profiles, never the other way round.
 */
class ProfileDependencyTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tessera.profile", "io.tessera.feature");

  @Test
  void profilesShouldDependOnlyOnTheContractAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("io.tessera.profile..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.tessera.profile..",
            "io.tessera.contract..",
            "java..",
            "com.fasterxml.jackson.annotation..")
        .check(CORE);
  }

  @Test
  void featuresShouldUseProfilesAndTheContractButNoModelOrStore() {
    classes()
        .that()
        .resideInAPackage("io.tessera.feature..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.tessera.feature..",
            "io.tessera.profile..",
            "io.tessera.contract..",
            "java..",
            "com.fasterxml.jackson..")
        .check(CORE);
  }
}
