package io.tessera.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextStatsTest {
  private static final CustomerId ID = new CustomerId("C1");
  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  private static TextSignal at(LocalDate day, double sentiment, boolean complaint, int topic) {
    return new TextSignal(
        ID,
        day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600),
        sentiment,
        complaint,
        topic);
  }

  @Test
  void shouldGiveMeanTrendComplaintShareAndDominantTopic() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    // earlier than 90 days: +0.8 and +0.6 (mean 0.7); within: -0.5 (complaint), -0.1 (mean -0.3)
    p.add(at(AS_OF.minusDays(200), 0.8, false, 2));
    p.add(at(AS_OF.minusDays(120), 0.6, false, 2));
    p.add(at(AS_OF.minusDays(10), -0.5, true, 1));
    p.add(at(AS_OF.minusDays(89), -0.1, false, 1));
    p.add(at(AS_OF.minusDays(1), Double.NaN, false, -1));
    assertThat(p.value(ProfileField.TEXTS, AS_OF)).isEqualTo(5);
    assertThat(p.value(ProfileField.SENTIMENT_MEAN, AS_OF))
        .isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p.value(ProfileField.SENTIMENT_TREND, AS_OF))
        .isEqualTo(-1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p.value(ProfileField.TEXT_COMPLAINTS, AS_OF)).isEqualTo(1);
    assertThat(p.value(ProfileField.TEXT_COMPLAINT_SHARE, AS_OF)).isEqualTo(0.2);
    // topics 1 and 2 twice each: the lower id wins the tie
    assertThat(p.value(ProfileField.DOMINANT_TOPIC, AS_OF)).isEqualTo(1);
  }

  @Test
  void givenNoText_thenNaNAndZeroCounts() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    assertThat(p.value(ProfileField.TEXTS, AS_OF)).isZero();
    assertThat(p.value(ProfileField.SENTIMENT_MEAN, AS_OF)).isNaN();
    assertThat(p.value(ProfileField.SENTIMENT_TREND, AS_OF)).isNaN();
    assertThat(p.value(ProfileField.TEXT_COMPLAINT_SHARE, AS_OF)).isNaN();
    assertThat(p.value(ProfileField.DOMINANT_TOPIC, AS_OF)).isNaN();
  }

  /** Batch = live: folding in two parts and merging equals one fold, bit for bit, any split. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void shouldMergeTwoPartsIntoTheOneFold(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<TextSignal> signals = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double s = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextDouble(-1, 1);
      signals.add(at(AS_OF.minusDays(rnd.nextInt(400)), s, rnd.nextBoolean(), rnd.nextInt(6) - 1));
    }
    TextStats whole = new TextStats(ProfileSettings.DEFAULT);
    signals.forEach(whole::add);
    int cut = rnd.nextInt(signals.size());
    TextStats a = new TextStats(ProfileSettings.DEFAULT);
    TextStats b = new TextStats(ProfileSettings.DEFAULT);
    signals.subList(0, cut).forEach(a::add);
    signals.subList(cut, signals.size()).reversed().forEach(b::add);
    b.merge(a);
    long day = AS_OF.toEpochDay();
    assertThat(b.texts()).isEqualTo(whole.texts());
    assertThat(b.complaints()).isEqualTo(whole.complaints());
    assertThat(Double.doubleToLongBits(b.sentimentMean()))
        .isEqualTo(Double.doubleToLongBits(whole.sentimentMean()));
    assertThat(Double.doubleToLongBits(b.sentimentTrend(day)))
        .isEqualTo(Double.doubleToLongBits(whole.sentimentTrend(day)));
    assertThat(b.dominantTopic()).isEqualTo(whole.dominantTopic());
    assertThat(b.complaintShare()).isEqualTo(whole.complaintShare());
  }

  @Test
  void shouldRefuseASentimentOutsideMinusOneToOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new TextSignal(ID, Instant.EPOCH, 1.5, false, -1))
        .hasMessageContaining("[-1, 1]");
  }
}
