package io.tessera.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report turns results into HTML: it reads no store and serves nothing. */
class ReportArchitectureTest {
  private static JavaClasses report;

  @BeforeAll
  static void importReport() {
    report =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tessera.report");
  }

  @Test
  void reportPackagesShouldBeFreeOfCycles() {
    PackageCycles.freeOfCycles("io.tessera.report").check(report);
  }

  @Test
  void reportShouldNotDependOnTheStoreTheServerOrADatabase() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tessera.store..",
            "io.tessera.server..",
            "io.tessera.cli..",
            "java.sql..",
            "org.duckdb..",
            "io.javalin..")
        .check(report);
  }
}
