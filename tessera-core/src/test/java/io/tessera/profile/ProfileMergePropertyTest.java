package io.tessera.profile;

import static io.tessera.profile.ProfileAssertions.assertSameValues;

import io.tessera.contract.CustomerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The aggregator contract (see {@link Aggregator}): merge is associative and commutative, and
 * folding any partition of a customer's records, each part in any order, then merging the parts in
 * any grouping, gives exactly the profile of one sequential fold. Compared bit for bit on every
 * named field at four as-of dates, and on the category shares.
 */
class ProfileMergePropertyTest {
  private static final CustomerId ID = CustomerId.of("c-1");

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  private static CustomerProfile fold(List<Record> records) {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    for (Record r : records) {
      p.add(r);
    }
    return p;
  }

  private static List<Record> records(long seed, RecordGenerator gen) {
    return gen.customer(ID, 20 + gen.nextInt(250));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldGiveTheSequentialProfileForAnyPartitionOrderAndMergeTree(long seed) {
    RecordGenerator gen = new RecordGenerator(seed);
    List<Record> records = records(seed, gen);
    CustomerProfile sequential = fold(records);

    SplittableRandom random = gen.random();
    int parts = 1 + random.nextInt(7);
    List<List<Record>> split = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      split.add(new ArrayList<>());
    }
    for (Record r : records) {
      split.get(random.nextInt(parts)).add(r);
    }
    List<CustomerProfile> partials = new ArrayList<>();
    Random shuffler = new Random(seed);
    for (List<Record> part : split) {
      Collections.shuffle(part, shuffler);
      partials.add(fold(part));
    }
    // merge random pairs until one is left: an arbitrary merge tree
    while (partials.size() > 1) {
      CustomerProfile a = partials.remove(random.nextInt(partials.size()));
      CustomerProfile b = partials.remove(random.nextInt(partials.size()));
      a.merge(b);
      partials.add(a);
    }
    assertSameValues(partials.getFirst(), sequential, "seed " + seed + ", " + parts + " parts");
  }

  /**
   * A copy under another id (how the live engine and identity resolution make a person's parts
   * mergeable) keeps every field, the text fields included: they were left out once, so a merged
   * person lost its accounts' review scores.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void copyAsShouldKeepEveryFieldTextsIncluded(long seed) {
    RecordGenerator gen = new RecordGenerator(seed * 31);
    CustomerProfile p = fold(records(seed, gen));
    SplittableRandom random = gen.random();
    int texts = 1 + random.nextInt(6);
    for (int i = 0; i < texts; i++) {
      p.add(
          new TextSignal(
              ID,
              RecordGenerator.START
                  .plusDays(random.nextInt(400))
                  .atStartOfDay(java.time.ZoneOffset.UTC)
                  .toInstant(),
              random.nextDouble(-1, 1),
              random.nextBoolean(),
              random.nextInt(-1, 4)));
    }
    CustomerProfile copy = p.copyAs(CustomerId.of("c-2"));
    org.assertj.core.api.Assertions.assertThat(copy.customerId()).isEqualTo(CustomerId.of("c-2"));
    org.assertj.core.api.Assertions.assertThat(
            copy.values(ProfileAssertions.AS_OF_DATES.getLast())[ProfileField.TEXTS.ordinal()])
        .isEqualTo(texts);
    assertSameValues(copy, p, "seed " + seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mergeShouldBeAssociativeAndCommutative(long seed) {
    RecordGenerator gen = new RecordGenerator(seed * 7919);
    List<Record> records = records(seed, gen);
    SplittableRandom random = gen.random();
    List<List<Record>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Record r : records) {
      parts.get(random.nextInt(3)).add(r);
    }
    CustomerProfile a = fold(parts.get(0));
    CustomerProfile b = fold(parts.get(1));
    CustomerProfile c = fold(parts.get(2));

    CustomerProfile left = a.copy();
    left.merge(b);
    left.merge(c);
    CustomerProfile bc = b.copy();
    bc.merge(c);
    CustomerProfile right = a.copy();
    right.merge(bc);
    assertSameValues(left, right, "(a+b)+c vs a+(b+c), seed " + seed);

    CustomerProfile ab = a.copy();
    ab.merge(b);
    CustomerProfile ba = b.copy();
    ba.merge(a);
    assertSameValues(ab, ba, "a+b vs b+a, seed " + seed);

    // merging leaves the argument unchanged, and merging an empty profile changes nothing
    assertSameValues(b, fold(parts.get(1)), "b after being merged, seed " + seed);
    CustomerProfile withEmpty = a.copy();
    withEmpty.merge(new CustomerProfile(ID, ProfileSettings.DEFAULT));
    assertSameValues(withEmpty, a, "a + empty, seed " + seed);
  }
}
