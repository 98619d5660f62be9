package io.tessera.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's packages form layers without cycles, and the store keeps its database to itself: no
 * SQL, no JDBC type and no DuckDB class in the server, only the store's purpose-named methods.
 */
class ServerArchitectureTest {
  private static JavaClasses server;

  @BeforeAll
  static void importServer() {
    server =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tessera.server");
  }

  @Test
  void serverPackagesShouldBeFreeOfCycles() {
    PackageCycles.freeOfCycles("io.tessera.server").check(server);
  }

  @Test
  void serverShouldNotTouchTheDatabaseDirectly() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.duckdb..")
        .because("the store hides its connection behind purpose methods (io.tessera.store.live)")
        .check(server);
  }

  @Test
  void theSharedHttpPackageShouldDependOnNoOtherServerPackage() {
    classes()
        .that()
        .resideInAPackage("io.tessera.server.http..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.tessera.server.http..", "java..", "com.fasterxml..", "io.javalin..")
        .because("every feature package uses it, so it may use none of them")
        .check(server);
  }
}
