package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.generate.GeneratorOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolving records grouped by the identifiers they carry ({@link SightingGroup}, what a store
 * hands resolution) gives the same resolution as resolving them one by one: identities, links with
 * their evidence and times, and the report, on a generated shop with planted identities, traps and
 * faults, and with the records' times coarsened so that many earliest records tie in time.
 */
class SightingGroupTest {
  @TempDir Path dir;

  @Test
  void groupedRecordsShouldResolveExactlyAsTheRecordsOneByOne() {
    GeneratedIdentities shop =
        GeneratedIdentities.generate(
            new GeneratorOptions(1_500, 365, 31, 0.05, null).withIdentities(0.4, 0.1), dir);
    assertSame(shop.accounts(), shop.sightings());
  }

  @Test
  void groupsShouldChooseTheEarliestRecordByTimeThenRecordOrderWhenTimesTie() {
    GeneratedIdentities shop =
        GeneratedIdentities.generate(
            new GeneratorOptions(1_000, 365, 11, 0.02, null).withIdentities(0.25, 0.05), dir);
    // times rounded to the day and the records shuffled: many groups' earliest records share a
    // time, and an identifier's first record is then decided by record order alone
    List<Sighting> coarse = new ArrayList<>();
    for (Sighting s : shop.sightings()) {
      coarse.add(
          new Sighting(
              s.recordId(),
              Instant.ofEpochSecond(s.at().getEpochSecond() / 86_400 * 86_400),
              s.customerId(),
              s.anonymousId(),
              s.deviceId(),
              s.email()));
    }
    Collections.shuffle(coarse, new java.util.Random(7));
    IdentityGraph byRecord = assertSame(shop.accounts(), coarse);
    assertThat(byRecord.links()).isNotEmpty();
  }

  @Test
  void everyGroupingOfTheRecordsInFirstRecordOrderShouldGiveTheSameResolution() {
    GeneratedIdentities shop =
        GeneratedIdentities.generate(
            new GeneratorOptions(800, 365, 5, 0.0, null).withIdentities(0.05, 0.2), dir);
    IdentityOptions o = IdentityOptions.defaults();
    IdentityGraph byRecord = IdentityResolver.resolve(shop.accounts(), shop.sightings(), o);
    // a group of equal identifiers split into random runs: still the same resolution
    List<SightingGroup> split = group(shop.sightings(), new SplittableRandom(3));
    assertThat(split.size()).isGreaterThan(group(shop.sightings(), null).size());
    assertEqual(IdentityResolver.resolveGroups(shop.accounts(), split, o), byRecord);
  }

  private static IdentityGraph assertSame(List<Account> accounts, List<Sighting> sightings) {
    IdentityOptions o = IdentityOptions.defaults();
    IdentityGraph byRecord = IdentityResolver.resolve(accounts, sightings, o);
    List<SightingGroup> groups = group(sightings, null);
    assertThat(groups.size()).isLessThan(sightings.size() / 3);
    assertEqual(IdentityResolver.resolveGroups(accounts, groups, o), byRecord);
    return byRecord;
  }

  private static void assertEqual(IdentityGraph grouped, IdentityGraph byRecord) {
    assertThat(grouped.rows()).isEqualTo(byRecord.rows());
    assertThat(grouped.links()).isEqualTo(byRecord.links());
    assertThat(grouped.customers()).isEqualTo(byRecord.customers());
    assertThat(grouped.report()).isEqualTo(byRecord.report());
    assertThat(grouped.attached()).isEqualTo(byRecord.attached());
  }

  /**
   * The records grouped as a store groups them (by their four identifiers), in the order of each
   * group's first record; with {@code split}, each group is also cut where a coin says so, into
   * groups of consecutive records of its own.
   */
  static List<SightingGroup> group(List<Sighting> records, SplittableRandom split) {
    Map<List<Object>, List<Integer>> byIds = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      Sighting s = records.get(i);
      byIds
          .computeIfAbsent(
              Arrays.asList(s.customerId(), s.anonymousId(), s.deviceId(), s.email()),
              k -> new ArrayList<>())
          .add(i);
    }
    List<List<Integer>> runs = new ArrayList<>();
    for (List<Integer> rows : byIds.values()) {
      List<Integer> run = new ArrayList<>();
      for (int r : rows) {
        if (split != null && !run.isEmpty() && split.nextInt(3) == 0) {
          runs.add(run);
          run = new ArrayList<>();
        }
        run.add(r);
      }
      runs.add(run);
    }
    runs.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
    List<SightingGroup> out = new ArrayList<>();
    for (List<Integer> run : runs) {
      Sighting first = records.get(run.get(0));
      int earliest = run.get(0);
      Instant latest = first.at();
      for (int r : run) {
        Instant at = records.get(r).at();
        if (at.isBefore(records.get(earliest).at())) {
          earliest = r;
        }
        if (at.isAfter(latest)) {
          latest = at;
        }
      }
      out.add(
          new SightingGroup(
              first.customerId(),
              first.anonymousId(),
              first.deviceId(),
              first.email(),
              first.recordId(),
              run.size(),
              records.get(earliest).at(),
              records.get(earliest).recordId(),
              earliest,
              latest));
    }
    return out;
  }
}
