package io.tessera.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentProfilerTest {

  @Test
  void shouldReportMeansLiftAndStandardizedDifferenceStrongestFirst() {
    // four customers; the segment is the last two
    String[] names = {"monetary", "frequency"};
    double[][] columns = {{10, 20, 30, 60}, {1, 2, 2, 3}};
    boolean[] in = {false, false, true, true};
    List<DistinguishingFeature> d = SegmentProfiler.distinguish(names, columns, in);
    // hand computation, monetary: population mean 30, sd sqrt((400+100+0+900)/4) = sqrt(350);
    // segment mean 45, lift 1.5, standardized difference 15 / sqrt(350) = 0.8018
    // frequency: population mean 2, sd sqrt((1+0+0+1)/4) = 0.7071; segment mean 2.5, lift 1.25,
    // standardized difference 0.5 / 0.7071 = 0.7071
    assertThat(d)
        .extracting(DistinguishingFeature::feature)
        .containsExactly("monetary", "frequency");
    DistinguishingFeature m = d.get(0);
    assertThat(m.segmentValue()).isEqualTo(45.0);
    assertThat(m.populationValue()).isEqualTo(30.0);
    assertThat(m.lift()).isCloseTo(1.5, within(1e-12));
    assertThat(m.standardizedDifference()).isCloseTo(15 / Math.sqrt(350), within(1e-12));
    assertThat(d.get(1).lift()).isCloseTo(1.25, within(1e-12));
    assertThat(d.get(1).standardizedDifference()).isCloseTo(0.5 / Math.sqrt(0.5), within(1e-12));
  }

  @Test
  void anEmptySegmentOrAConstantFeatureShouldNotDivideByZero() {
    assertThat(
            SegmentProfiler.distinguish(
                new String[] {"x"}, new double[][] {{1, 2}}, new boolean[] {false, false}))
        .isEmpty();
    DistinguishingFeature flat =
        SegmentProfiler.distinguish(
                new String[] {"x"}, new double[][] {{0, 0}}, new boolean[] {true, false})
            .get(0);
    assertThat(flat.lift()).isZero();
    assertThat(flat.standardizedDifference()).isZero();
  }
}
