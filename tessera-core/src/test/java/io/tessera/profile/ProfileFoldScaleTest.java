package io.tessera.profile;

import static io.tessera.profile.ProfileAssertions.assertSameValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The streaming fold at a size where partitions, chunks and threads all interleave: every record
 * lands in a profile, and sampled customers equal their sequential fold. Timings at 1M customers
 * come from {@link ProfileFoldBench}, not from a test.
 */
@Tag("slow")
class ProfileFoldScaleTest {

  @Test
  void shouldFoldAHundredThousandStreamedCustomersExactly() {
    int customers = 100_000;
    SyntheticRecords data = new SyntheticRecords(customers, 17);
    ProfileTable table =
        ProfileFold.fold(data.inputs(), ProfileFold.Options.defaults().withThreads(2));

    assertThat(table.counts().records()).isEqualTo(data.recordCount());
    // customers with neither orders nor events have no profile; all others have one
    int withRecords = 0;
    for (int i = 0; i < customers; i++) {
      withRecords += data.orders(i).isEmpty() && data.events(i).isEmpty() ? 0 : 1;
    }
    assertThat(table.size()).isEqualTo(withRecords);
    SplittableRandom pick = new SplittableRandom(3);
    for (int k = 0; k < 500; k++) {
      int i = pick.nextInt(customers);
      CustomerProfile actual = table.get(SyntheticRecords.id(i));
      if (actual == null) {
        assertThat(data.orders(i)).isEmpty();
        assertThat(data.events(i)).isEmpty();
        continue;
      }
      assertSameValues(actual, data.sequential(i, table.settings()), "customer " + i);
    }
  }
}
