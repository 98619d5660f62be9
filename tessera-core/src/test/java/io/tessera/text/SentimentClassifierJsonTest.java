package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A fitted classifier survives its JSON (models/text.json) unchanged, bad JSON is refused with the
 * key named, and the capped CV sample keeps each label's share.
 */
class SentimentClassifierJsonTest {
  private static final List<String> GOOD =
      List.of("정말 좋아요", "최고의 배송", "great quality", "love it", "아주 만족합니다");
  private static final List<String> BAD =
      List.of("너무 별로예요", "최악의 서비스", "broken on arrival", "hate it", "환불해 주세요");

  static List<SentimentClassifier.Labelled> texts(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<SentimentClassifier.Labelled> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      List<String> words = label == 1 ? GOOD : BAD;
      String text =
          words.get(r.nextInt(words.size()))
              + " "
              + List.of("음", "그냥", "ok", "hmm").get(r.nextInt(4));
      out.add(new SentimentClassifier.Labelled(text, label));
    }
    return out;
  }

  @Test
  void shouldScoreTheSameAfterAJsonRoundTrip() throws Exception {
    TextTokens tokens = new TextTokens(List.of("테세라폰"));
    List<SentimentClassifier.Labelled> train = texts(200, 1);
    SentimentClassifier c =
        SentimentClassifier.fit(train, tokens, SentimentClassifier.Options.defaults())
            .withLabels("test labels");
    ObjectNode json = c.toJson();
    String text = new ObjectMapper().writeValueAsString(json);
    SentimentClassifier back = SentimentClassifier.fromJson(new ObjectMapper().readTree(text));

    assertThat(back.provenance())
        .isEqualTo(
            new SentimentClassifier.Provenance(
                "test labels", 200, SentimentClassifier.fingerprint(train)));
    assertThat(back.choice()).isEqualTo(c.choice());
    assertThat(back.tokens().userWords()).containsExactly("테세라폰");
    for (String t : List.of("정말 좋아요 테세라폰", "최악의 서비스", "love it", "hate it", "무슨 말")) {
      // weights are stored as floats, the same precision scoring used
      assertThat(back.probability(t)).isEqualTo(c.probability(t));
    }
    assertThat(c.probability("정말 좋아요")).isGreaterThan(0.5);
    assertThat(c.probability("최악의 서비스")).isLessThan(0.5);
  }

  @Test
  void shouldRefuseAModelOfAnotherFormatNamingTheKey() {
    SentimentClassifier c =
        SentimentClassifier.fit(
            texts(40, 2), new TextTokens(), SentimentClassifier.Options.defaults());
    ObjectNode old = c.toJson().put("format_version", 0);
    assertThatThrownBy(() -> SentimentClassifier.fromJson(old))
        .hasMessageContaining("format_version 0 is not 1");
    ObjectNode noWeights = c.toJson();
    noWeights.remove("weights");
    assertThatThrownBy(() -> SentimentClassifier.fromJson(noWeights))
        .hasMessageContaining("'weights'");
    ObjectNode garbled = c.toJson().put("weights", "AAAA");
    assertThatThrownBy(() -> SentimentClassifier.fromJson(garbled))
        .hasMessageContaining("end early");
  }

  @Test
  void shouldCapTheCvSampleKeepingEachLabelsShare() {
    List<SentimentClassifier.Labelled> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(new SentimentClassifier.Labelled("t" + i, i % 4 == 0 ? 0 : 1));
    }
    List<SentimentClassifier.Labelled> s = SentimentClassifier.stratifiedSample(all, 300, 42);
    assertThat(s.size()).isBetween(240, 300);
    long negatives = s.stream().filter(t -> t.label() == 0).count();
    assertThat((double) negatives / s.size())
        .isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
    assertThat(SentimentClassifier.stratifiedSample(all, 2000, 42)).isSameAs(all);
  }
}
