package io.tessera.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.contract.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packed (day, type) table against a plain list of the events it was given: every window of
 * every type, after adding in any order, splitting and merging, copying and trimming.
 */
class EventTypeDaysTest {
  private static final EventType[] TYPES = EventType.values();

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 42L, 99L, 2026L);
  }

  /** Counts by scanning the events themselves (null type: all): what the table must answer. */
  private static long expected(
      List<EventTypeDays.Occurrence> events,
      ProfileSettings settings,
      EventType type,
      LocalDate asOf,
      int days) {
    long last = asOf.toEpochDay();
    long first = last - days + 1;
    long n = 0;
    for (EventTypeDays.Occurrence o : events) {
      long day = settings.epochDay(o.at().getEpochSecond());
      if ((type == null || o.type() == type) && (days <= 0 || (day >= first && day <= last))) {
        n++;
      }
    }
    return n;
  }

  private static List<EventTypeDays.Occurrence> events(Random random, Instant start, int n) {
    List<EventTypeDays.Occurrence> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // mostly in time order with some stragglers, as a store's rows arrive
      long seconds =
          (long) i * 86_400L / 3 + (random.nextInt(10) == 0 ? -random.nextInt(40) : 0) * 86_400L;
      out.add(
          new EventTypeDays.Occurrence(
              TYPES[random.nextInt(TYPES.length)],
              start.plusSeconds(seconds + random.nextInt(86_400))));
    }
    return out;
  }

  private static void assertCounts(
      EventTypeDays table,
      List<EventTypeDays.Occurrence> events,
      ProfileSettings settings,
      LocalDate from,
      String what) {
    for (int offset = -5; offset < 80; offset += 3) {
      LocalDate asOf = from.plusDays(offset);
      long today = asOf.toEpochDay();
      for (int days : new int[] {1, 7, 30, 90}) {
        assertThat(table.between(today - days + 1, today))
            .as("%s: all types in %d days to %s", what, days, asOf)
            .isEqualTo(expected(events, settings, null, asOf, days));
      }
      assertThat(table.between(today - 59, today - 30))
          .as("%s: all types in the 30 days before the last 30 to %s", what, asOf)
          .isEqualTo(expected(events, settings, null, asOf.minusDays(30), 30));
    }
    for (EventType type : TYPES) {
      assertThat(table.total(type))
          .as("%s: all %s", what, type)
          .isEqualTo(expected(events, settings, type, from, 0));
      for (int offset = -5; offset < 80; offset += 7) {
        LocalDate asOf = from.plusDays(offset);
        for (int days : new int[] {1, 7, 30, 90}) {
          assertThat(table.window(type, asOf, days))
              .as("%s: %s in %d days to %s", what, type, days, asOf)
              .isEqualTo(expected(events, settings, type, asOf, days));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void givenEventsInAnySplit_whenMerged_thenEveryWindowCountsAsTheEventsThemselves(long seed) {
    Random random = new Random(seed);
    ProfileSettings settings =
        new ProfileSettings(
            random.nextBoolean() ? ZoneOffset.UTC : ZoneId.of("Asia/Seoul"),
            Duration.ofMinutes(30));
    // before 1970 too: negative epoch days pack into the same keys
    Instant start =
        random.nextBoolean()
            ? Instant.parse("2025-01-01T00:00:00Z")
            : Instant.parse("1969-12-01T00:00:00Z");
    List<EventTypeDays.Occurrence> events = events(random, start, 150 + random.nextInt(150));
    LocalDate from = settings.day(start);

    EventTypeDays whole = new EventTypeDays(settings);
    events.forEach(whole::add);
    assertCounts(whole, events, settings, from, "one fold");

    int parts = 1 + random.nextInt(5);
    List<EventTypeDays> split = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      split.add(new EventTypeDays(settings));
    }
    for (EventTypeDays.Occurrence o : events) {
      split.get(random.nextInt(parts)).add(o);
    }
    EventTypeDays merged = new EventTypeDays(settings);
    for (int p = parts - 1; p >= 0; p--) {
      split.get(p).trim();
      merged.merge(split.get(p));
    }
    assertCounts(merged, events, settings, from, parts + " parts merged");

    EventTypeDays copy = merged.copy();
    copy.trim();
    List<EventTypeDays.Occurrence> more = events(random, start.plusSeconds(86_400L * 20), 30);
    more.forEach(copy::add);
    List<EventTypeDays.Occurrence> all = new ArrayList<>(events);
    all.addAll(more);
    assertCounts(copy, all, settings, from, "a trimmed copy with more events");
    assertCounts(merged, events, settings, from, "the original after its copy changed");
  }

  @Test
  void shouldRefuseATimeBeyondWhatADayKeyHolds() {
    EventTypeDays table = new EventTypeDays(ProfileSettings.DEFAULT);
    Instant far = Instant.parse("+400000-01-01T00:00:00Z");
    assertThatThrownBy(() -> table.add(new EventTypeDays.Occurrence(EventType.LOGIN, far)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of the supported range");
  }
}
