package io.tessera.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The modules' no-cycle rule finds a cycle between two sub-packages and one that runs through the
 * root package, and passes where the dependencies go one way (the fixtures under {@code fixture}).
 */
class PackageCyclesTest {
  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("io.tessera.arch.fixture");

  @Test
  void aCycleBetweenTwoSubPackagesShouldBeReported() {
    EvaluationResult r =
        PackageCycles.freeOfCycles("io.tessera.arch.fixture.loop").evaluate(FIXTURES);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("loop.a", "loop.b");
  }

  @Test
  void aCycleThroughTheRootPackageShouldBeReported() {
    EvaluationResult r =
        PackageCycles.freeOfCycles("io.tessera.arch.fixture.layers").evaluate(FIXTURES);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("layers.high", "layers.low");
  }

  @Test
  void dependenciesOneWayShouldPass() {
    // high -> low only, once the root is left out of the import
    JavaClasses oneWay =
        new ClassFileImporter()
            .importPackages(
                "io.tessera.arch.fixture.layers.high", "io.tessera.arch.fixture.layers.low");
    assertThat(
            PackageCycles.freeOfCycles("io.tessera.arch.fixture.layers")
                .evaluate(oneWay)
                .hasViolation())
        .isFalse();
  }
}
