package io.tessera.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core stays free of IO frameworks so it can run anywhere: in the CLI, a server, Spark. */
class CoreArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tessera");
  }

  @Test
  void coreShouldNotDependOnWebFrameworksDatabaseDriversOrClusterEngines() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tessera..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.javalin..",
                "org.eclipse.jetty..",
                "jakarta.servlet..",
                "java.sql..",
                "javax.sql..",
                "org.duckdb..",
                "org.apache.spark..",
                "org.apache.kafka..",
                "picocli..")
            .because("tessera-core must run unchanged in the CLI, the server, Spark and Kafka");
    rule.check(core);
  }

  @Test
  void coreShouldNotDependOnTheOtherTesseraModules() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tessera.store..", "io.tessera.cli..", "io.tessera.report..", "io.tessera.server..")
        .check(core);
  }
}
