package io.tessera.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store sits under the pipeline, the report and the server: it uses none of them. */
class StoreArchitectureTest {
  private static JavaClasses store;

  @BeforeAll
  static void importStore() {
    store =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tessera.store");
  }

  @Test
  void storePackagesShouldBeFreeOfCycles() {
    PackageCycles.freeOfCycles("io.tessera.store").check(store);
  }

  @Test
  void storeShouldNotDependOnTheModulesAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tessera.server..",
            "io.tessera.cli..",
            "io.tessera.report..",
            "io.tessera.pipeline..",
            "io.javalin..")
        .check(store);
  }
}
