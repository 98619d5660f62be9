package io.tessera.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The texts of generated reviews and service interactions, with planted topics and sentiment.
 *
 * <p>Each text names three words of one of five planted topics (delivery, quality, size, price,
 * service; a bank of seven words per topic and language) and ends with a phrase of the planted
 * sentiment. Review sentiment follows the star rating (4-5 positive, 3 neutral, 1-2 negative); an
 * interaction's follows its kind (praise, inquiry, complaint), and complaints use complaint words
 * ("refund", "환불"). The topic follows the persona ({@link #reviewTopic}). Every draw comes from a
 * generator seeded by the run's seed and the text's id, never from the shop's main stream, so
 * adding texts changed no other generated value.
 */
final class TextPlant {
  static final List<String> TOPICS = List.of("delivery", "quality", "size", "price", "service");

  private static final String[][][] WORDS = {
    {
      {"delivery", "shipping", "courier", "parcel", "package", "tracking", "dispatch"},
      {"quality", "material", "stitching", "fabric", "durability", "finish", "seams"},
      {"size", "fit", "length", "sleeves", "waist", "measurements", "sizing"},
      {"price", "discount", "coupon", "deal", "bargain", "sale", "voucher"},
      {"support", "staff", "agent", "reply", "representative", "helpdesk", "callback"}
    },
    {
      {"배송", "택배", "기사님", "포장", "송장", "출고", "운송장"},
      {"품질", "재질", "마감", "원단", "내구성", "박음질", "소재"},
      {"사이즈", "치수", "길이", "소매", "허리", "기장", "핏"},
      {"가격", "할인", "쿠폰", "가성비", "세일", "적립금", "특가"},
      {"상담원", "고객센터", "응대", "답변", "직원", "상담", "안내"}
    }
  };
  // one phrase per text from a pool, so that no sentiment words always co-occur (they would form
  // topics of their own)
  private static final String[][] POSITIVE = {
    {
      "excellent!",
      "great.",
      "I love it.",
      "very happy.",
      "wonderful!",
      "perfect.",
      "amazing!",
      "fantastic."
    },
    {"정말 만족해요!", "최고예요.", "아주 좋아요.", "마음에 들어요!", "훌륭해요.", "완벽해요.", "추천해요!", "감사합니다."}
  };
  private static final String[][] NEUTRAL = {
    {
      "it is okay.",
      "average.",
      "nothing special.",
      "fine I guess.",
      "I have a question.",
      "please advise."
    },
    {"보통이에요.", "무난해요.", "그냥 그래요.", "평범해요.", "문의드립니다.", "궁금합니다."}
  };
  private static final String[][] NEGATIVE = {
    {
      "terrible.",
      "awful!",
      "very disappointed.",
      "horrible.",
      "bad.",
      "poor.",
      "would not buy again.",
      "the worst."
    },
    {"실망했어요.", "최악이에요.", "별로예요.", "다시는 안 사요.", "짜증나요.", "후회해요.", "엉망이에요.", "나빠요."}
  };
  // a complaint names two of these
  private static final String[][] COMPLAINT = {
    {
      "I want a refund",
      "it arrived damaged",
      "it was broken",
      "it came late",
      "the item was defective",
      "this is unacceptable"
    },
    {"환불해 주세요", "불량이에요", "파손되어 왔어요", "너무 늦었어요", "교환 요청합니다", "고장났어요"}
  };

  /** A planted text: the text, its topic and its sentiment (positive / neutral / negative). */
  record Planted(String text, String topic, String sentiment) {}

  private TextPlant() {}

  static SplittableRandom random(long seed, String id) {
    return new SplittableRandom(
        seed * 0x9E3779B97F4A7C15L ^ (long) id.hashCode() * 0xBF58476D1CE4E5B9L);
  }

  /** The topic of a review by persona: each persona writes mostly about one thing. */
  static int reviewTopic(Persona p, SplittableRandom r) {
    int favourite =
        switch (p) {
          case VIP, LOYAL -> 1;
          case BARGAIN_HUNTER -> 3;
          case NEW, BROWSER -> 2;
          case LAPSING_VIP -> 4;
          case ONE_TIME -> 0;
        };
    return r.nextDouble() < 0.6 ? favourite : r.nextInt(TOPICS.size());
  }

  static Planted review(int lang, int rating, Persona p, SplittableRandom r) {
    int topic = reviewTopic(p, r);
    String sentiment = rating >= 4 ? "positive" : rating == 3 ? "neutral" : "negative";
    String[][] phrases =
        sentiment.equals("positive") ? POSITIVE : sentiment.equals("neutral") ? NEUTRAL : NEGATIVE;
    return new Planted(
        compose(lang, topic, pick(phrases[lang], r), r), TOPICS.get(topic), sentiment);
  }

  static Planted interaction(int lang, String kind, Persona p, SplittableRandom r) {
    int topic =
        switch (kind) {
          case "complaint" -> r.nextDouble() < 0.7 ? (r.nextBoolean() ? 0 : 1) : 4;
          case "praise" -> r.nextDouble() < 0.7 ? 4 : reviewTopic(p, r);
          default -> r.nextDouble() < 0.5 ? 2 : r.nextInt(TOPICS.size());
        };
    String phrase =
        switch (kind) {
          case "complaint" -> {
            String[] pool = COMPLAINT[lang];
            int a = r.nextInt(pool.length);
            int b = (a + 1 + r.nextInt(pool.length - 1)) % pool.length;
            yield pool[a] + ", " + pool[b] + ".";
          }
          case "praise" -> pick(POSITIVE[lang], r);
          default -> pick(NEUTRAL[lang], r);
        };
    String sentiment =
        switch (kind) {
          case "complaint" -> "negative";
          case "praise" -> "positive";
          default -> "neutral";
        };
    return new Planted(compose(lang, topic, phrase, r), TOPICS.get(topic), sentiment);
  }

  private static String compose(int lang, int topic, String phrase, SplittableRandom r) {
    String[] bank = WORDS[lang][topic];
    int a = r.nextInt(bank.length);
    int b = (a + 1 + r.nextInt(bank.length - 1)) % bank.length;
    int c = a;
    while (c == a || c == b) {
      c = r.nextInt(bank.length);
    }
    if (lang == 1) {
      return bank[a] + ", " + bank[b] + ", " + bank[c] + " 관련해서 " + phrase;
    }
    return "About the " + bank[a] + ", " + bank[b] + " and " + bank[c] + ": " + phrase;
  }

  private static String pick(String[] options, SplittableRandom r) {
    return options[r.nextInt(options.length)];
  }
}
