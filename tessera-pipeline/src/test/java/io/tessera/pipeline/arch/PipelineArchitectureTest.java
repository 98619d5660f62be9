package io.tessera.pipeline.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's packages are its stages (ingest, rfm, segment, churn, outputs, report) and the
 * entry point above them: no cycles between them, and nothing of the command line or the server.
 */
class PipelineArchitectureTest {
  private static JavaClasses pipeline;

  @BeforeAll
  static void importPipeline() {
    pipeline =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tessera.pipeline");
  }

  @Test
  void thePipelinesPackagesShouldHaveNoCycles() {
    slices().matching("io.tessera.pipeline.(**)").should().beFreeOfCycles().check(pipeline);
  }

  @Test
  void theStagesShouldNotDependOnTheEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.pipeline.*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.tessera.pipeline")
        .because("Pipeline, RunSpec and RunResult sit above the stages they run")
        .check(pipeline);
  }

  @Test
  void thePipelineShouldNotDependOnTheCommandLineOrTheServer() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.tessera.cli..", "io.tessera.server..", "picocli..", "io.javalin..")
        .because("the CLI and the server both call the pipeline, never the other way round")
        .check(pipeline);
  }

  @Test
  void thePipelineShouldNotTouchTheDatabaseDirectly() {
    noClasses()
        .that()
        .resideInAPackage("io.tessera.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..")
        .because("the store answers the run's questions through purpose methods (issue 10)")
        .check(pipeline);
  }
}
