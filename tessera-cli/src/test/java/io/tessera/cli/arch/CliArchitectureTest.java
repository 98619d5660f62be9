package io.tessera.cli.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line parses flags and prints: the batch run is the pipeline's ({@code
 * io.tessera.pipeline}), the data stays behind the store's purpose classes.
 */
class CliArchitectureTest {
  private static JavaClasses cli;

  @BeforeAll
  static void importCli() {
    cli =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tessera.cli");
  }

  @Test
  void theCliShouldNotUseJdbcOrTheStoresInternals() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.duckdb..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.tessera.store.Store")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.tessera.store.StoreRecords")
        .because("the CLI runs the pipeline; only the store speaks SQL")
        .check(cli);
  }

  @Test
  void theRunCommandShouldRunThePipeline() {
    classes()
        .that()
        .haveSimpleName("RunCommand")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.tessera.pipeline.Pipeline")
        .check(cli);
  }
}
