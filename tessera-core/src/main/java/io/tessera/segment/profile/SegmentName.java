package io.tessera.segment.profile;

import io.tessera.segment.Segment.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A segment's name from its strongest traits, written as a marketer would: in English the
 * adjectives go before "customers" and the clauses after it ("Long-standing customers who have not
 * bought lately"); in Korean every trait but the last is joined with -고 and the last modifies 고객
 * ("최근 구매가 없고 오래 거래한 고객"). Traits that say the same thing (long-lapsed and dormant), or that cannot
 * go with "never bought" (small-basket, full-price), are left out of one name.
 */
final class SegmentName {
  private SegmentName() {}

  /**
   * How one trait reads in a name.
   *
   * @param en the English words
   * @param before whether they go before "customers" (an adjective) or after it (a clause)
   * @param koModifier the Korean modifier before 고객 (관형형, e.g. 자주 구매하는)
   * @param koConnective the Korean form joined to the next trait (연결형, e.g. 자주 구매하고)
   * @param concept what the trait is about; a name says each concept once
   */
  record Part(String en, boolean before, String koModifier, String koConnective, String concept) {}

  private static Part pre(String en, String koMod, String koConn, String concept) {
    return new Part(en, true, koMod, koConn, concept);
  }

  private static Part post(String en, String koMod, String koConn, String concept) {
    return new Part(en, false, koMod, koConn, concept);
  }

  private static final String RECENCY = "recency";

  /** Recency of purchases: the same concept as recency, and one a non-buyer cannot have. */
  private static final String PURCHASE_RECENCY = "recency/purchase";

  private static final String PURCHASES = "purchases";
  private static final String TENURE = "tenure";
  private static final String NEVER_BOUGHT = "never_bought";

  /** The concepts a customer who never bought cannot have. */
  private static final Set<String> PURCHASE_CONCEPTS =
      Set.of(PURCHASES, "monetary", "basket", "discount", "returns", "rhythm");

  /** (feature, high) -> words; the key is "feature+" or "feature-". */
  private static final Map<String, Part> WORDS =
      Map.ofEntries(
          Map.entry(
              "recency_days+", pre("long-lapsed", "오래 구매하지 않은", "오래 구매하지 않았고", PURCHASE_RECENCY)),
          Map.entry("recency_days-", pre("recent", "최근 구매한", "최근 구매했고", PURCHASE_RECENCY)),
          Map.entry("frequency+", pre("frequent", "자주 구매하는", "자주 구매하고", PURCHASES)),
          Map.entry("frequency-", pre("occasional", "가끔 구매하는", "가끔 구매하고", PURCHASES)),
          Map.entry("orders_total+", pre("frequent", "주문이 많은", "주문이 많고", PURCHASES)),
          Map.entry("orders_total-", pre("occasional", "주문이 적은", "주문이 적고", PURCHASES)),
          Map.entry("monetary+", pre("high-spending", "구매 금액이 큰", "구매 금액이 크고", "monetary")),
          Map.entry("monetary-", pre("low-spending", "구매 금액이 작은", "구매 금액이 작고", "monetary")),
          Map.entry(
              "orders_90d+",
              post("who have bought lately", "최근 구매가 잦은", "최근 구매가 잦고", PURCHASE_RECENCY)),
          Map.entry(
              "orders_90d-",
              post("who have not bought lately", "최근 구매가 없는", "최근 구매가 없고", PURCHASE_RECENCY)),
          Map.entry("avg_order_value+", post("with big baskets", "객단가가 높은", "객단가가 높고", "basket")),
          Map.entry("avg_order_value-", post("with small baskets", "객단가가 낮은", "객단가가 낮고", "basket")),
          Map.entry(
              "discount_propensity+", pre("deal-seeking", "할인에 반응하는", "할인에 반응하고", "discount")),
          Map.entry("discount_propensity-", pre("full-price", "정가로 구매하는", "정가로 구매하고", "discount")),
          Map.entry(
              "discount_order_share+", pre("deal-seeking", "할인에 반응하는", "할인에 반응하고", "discount")),
          Map.entry("discount_order_share-", pre("full-price", "정가로 구매하는", "정가로 구매하고", "discount")),
          Map.entry(
              "days_since_first_activity+", pre("long-standing", "오래 거래한", "오래 거래했고", TENURE)),
          Map.entry(
              "days_since_first_activity-", pre("newly arrived", "새로 유입된", "새로 유입되었고", TENURE)),
          Map.entry("tenure_days+", pre("long-standing", "오래 거래한", "오래 거래했고", TENURE)),
          Map.entry("tenure_days-", pre("newly arrived", "새로 유입된", "새로 유입되었고", TENURE)),
          Map.entry(
              "ipt_mean_days+",
              post("with long gaps between orders", "재구매 간격이 긴", "재구매 간격이 길고", "rhythm")),
          Map.entry(
              "ipt_mean_days-", post("who reorder quickly", "재구매 간격이 짧은", "재구매 간격이 짧고", "rhythm")),
          Map.entry(
              "ipt_sd_days+",
              post("who buy at irregular intervals", "구매 간격이 불규칙한", "구매 간격이 불규칙하고", "rhythm")),
          Map.entry(
              "ipt_sd_days-",
              post("who buy at regular intervals", "구매 간격이 규칙적인", "구매 간격이 규칙적이고", "rhythm")),
          Map.entry(
              "ipt_sd_days_missing+",
              post(
                  "with too few orders to show a rhythm",
                  "구매 주기를 알기엔 주문이 적은",
                  "구매 주기를 알기엔 주문이 적고",
                  "rhythm")),
          Map.entry(
              "distinct_categories+",
              post("who buy across many categories", "여러 카테고리를 구매하는", "여러 카테고리를 구매하고", "breadth")),
          Map.entry(
              "distinct_categories-",
              post("who stick to few categories", "소수 카테고리만 구매하는", "소수 카테고리만 구매하고", "breadth")),
          Map.entry("sentiment_mean+", pre("happy", "긍정적으로 말하는", "긍정적으로 말하고", "sentiment")),
          Map.entry("sentiment_mean-", pre("unhappy", "부정적으로 말하는", "부정적으로 말하고", "sentiment")),
          Map.entry(
              "sentiment_trend+",
              post("whose words grow warmer", "말투가 좋아지는", "말투가 좋아지고", "sentiment")),
          Map.entry(
              "sentiment_trend-",
              post("whose words grow colder", "말투가 나빠지는", "말투가 나빠지고", "sentiment")),
          Map.entry("text_complaints+", pre("complaining", "불만을 자주 쓰는", "불만을 자주 쓰고", "service")),
          Map.entry(
              "text_complaint_share+", pre("complaining", "불만을 자주 쓰는", "불만을 자주 쓰고", "service")),
          Map.entry(
              "text_complaint_share-", post("who rarely complain", "불만이 드문", "불만이 드물고", "service")),
          Map.entry(
              "sentiment_mean_missing+",
              post("who have written nothing", "작성한 글이 없는", "작성한 글이 없고", "sentiment")),
          Map.entry("return_rate+", pre("return-prone", "반품이 잦은", "반품이 잦고", "returns")),
          Map.entry(
              "return_rate-", post("who rarely return items", "반품이 드문", "반품이 드물고", "returns")),
          Map.entry("events_90d+", pre("highly engaged", "요즘 활동이 활발한", "요즘 활동이 활발하고", RECENCY)),
          Map.entry("events_90d-", pre("disengaged", "요즘 활동이 적은", "요즘 활동이 적고", RECENCY)),
          Map.entry("sessions+", post("who visit often", "방문이 잦은", "방문이 잦고", "visits")),
          Map.entry("sessions-", post("who rarely visit", "방문이 드문", "방문이 드물고", "visits")),
          Map.entry("pages_per_session+", pre("deep-browsing", "오래 둘러보는", "오래 둘러보고", "browsing")),
          Map.entry("pages_per_session-", pre("quick-browsing", "짧게 둘러보는", "짧게 둘러보고", "browsing")),
          Map.entry(
              "cart_abandonment_rate+",
              pre("cart-abandoning", "장바구니를 자주 버리는", "장바구니를 자주 버리고", "carts")),
          Map.entry(
              "cart_abandonment_rate-",
              post("who complete checkout", "결제까지 마치는", "결제까지 마치고", "carts")),
          Map.entry("email_open_rate+", pre("email-responsive", "이메일을 잘 여는", "이메일을 잘 열고", "email")),
          Map.entry(
              "email_open_rate-", post("who ignore email", "이메일을 열지 않는", "이메일을 열지 않고", "email")),
          Map.entry("email_click_rate+", pre("email-clicking", "이메일을 클릭하는", "이메일을 클릭하고", "email")),
          Map.entry(
              "email_click_rate-",
              post("who do not click emails", "이메일을 클릭하지 않는", "이메일을 클릭하지 않고", "email")),
          Map.entry("complaints+", pre("complaining", "불만이 많은", "불만이 많고", "service")),
          Map.entry("complaints-", pre("complaint-free", "불만이 없는", "불만이 없고", "service")),
          Map.entry("rating_mean+", pre("satisfied", "만족도가 높은", "만족도가 높고", "rating")),
          Map.entry("rating_mean-", pre("dissatisfied", "만족도가 낮은", "만족도가 낮고", "rating")),
          Map.entry("days_since_last_activity+", pre("dormant", "휴면 상태인", "휴면 상태이고", RECENCY)),
          Map.entry("days_since_last_activity-", pre("active", "요즘 활동하는", "요즘 활동하고", RECENCY)),
          Map.entry(
              "activity_trend+", pre("increasingly active", "활동이 늘고 있는", "활동이 늘고 있고", "trend")),
          Map.entry("activity_trend-", pre("cooling-off", "활동이 줄고 있는", "활동이 줄고 있고", "trend")),
          // missing-value indicators that are high: the customers lack that behaviour
          Map.entry(
              "recency_days_missing+",
              post("who have never bought", "구매 이력이 없는", "구매 이력이 없고", NEVER_BOUGHT)),
          Map.entry(
              "tenure_days_missing+",
              post("who have never bought", "구매 이력이 없는", "구매 이력이 없고", NEVER_BOUGHT)),
          Map.entry(
              "avg_order_value_missing+",
              post("who have never bought", "구매 이력이 없는", "구매 이력이 없고", NEVER_BOUGHT)),
          Map.entry(
              "discount_order_share_missing+",
              post("who have never bought", "구매 이력이 없는", "구매 이력이 없고", NEVER_BOUGHT)),
          Map.entry(
              "return_rate_missing+",
              post("who have never bought", "구매 이력이 없는", "구매 이력이 없고", NEVER_BOUGHT)),
          Map.entry(
              "ipt_mean_days_missing+", pre("single-purchase", "한 번만 구매한", "한 번만 구매했고", PURCHASES)),
          Map.entry(
              "pages_per_session_missing+",
              post("who have never visited", "방문 이력이 없는", "방문 이력이 없고", "visits")),
          Map.entry(
              "cart_abandonment_rate_missing+",
              post("who have never used a cart", "장바구니 이력이 없는", "장바구니 이력이 없고", "carts")),
          Map.entry(
              "email_open_rate_missing+",
              post("with no email history", "이메일 이력이 없는", "이메일 이력이 없고", "email")),
          Map.entry(
              "rating_mean_missing+", post("who have not reviewed", "리뷰가 없는", "리뷰가 없고", "rating")),
          Map.entry(
              "days_since_last_activity_missing+",
              post("with no recorded activity", "활동 기록이 없는", "활동 기록이 없고", RECENCY)),
          Map.entry(
              "days_since_first_activity_missing+",
              post("with no recorded activity", "활동 기록이 없는", "활동 기록이 없고", RECENCY)));

  /** How a trait reads in a name; empty when it says nothing (a low missing-value indicator). */
  static java.util.Optional<Part> of(String feature, boolean high) {
    Part known = WORDS.get(feature + (high ? "+" : "-"));
    if (known != null) {
      return java.util.Optional.of(known);
    }
    String missing = "_missing";
    if (feature.endsWith(missing)) {
      if (!high) {
        return java.util.Optional.empty();
      }
      String words = words(feature.substring(0, feature.length() - missing.length()));
      return java.util.Optional.of(
          post("with no " + words + " recorded", words + " 기록이 없는", words + " 기록이 없고", feature));
    }
    String share = "category_share:";
    if (feature.startsWith(share)) {
      String c = feature.substring(share.length());
      return java.util.Optional.of(
          high
              ? post("who buy a lot of " + c, c + " 구매 비중이 높은", c + " 구매 비중이 높고", feature)
              : post("who buy little " + c, c + " 구매 비중이 낮은", c + " 구매 비중이 낮고", feature));
    }
    String words = words(feature);
    return java.util.Optional.of(
        high
            ? post("with high " + words, words + " 높은", words + " 높고", feature)
            : post("with low " + words, words + " 낮은", words + " 낮고", feature));
  }

  /** A column name as words: "attribute:monthly_charges" -> "monthly charges". */
  private static String words(String feature) {
    String f =
        feature.startsWith("attribute:") ? feature.substring("attribute:".length()) : feature;
    return f.replace('_', ' ').strip();
  }

  /**
   * The parts a name may use, strongest first: one per concept, and no purchase trait next to
   * "never bought".
   */
  static List<Part> usable(List<Part> ranked) {
    boolean neverBought = ranked.stream().anyMatch(p -> p.concept().equals(NEVER_BOUGHT));
    List<Part> out = new ArrayList<>();
    java.util.Set<String> concepts = new java.util.HashSet<>();
    for (Part p : ranked) {
      boolean aboutPurchases =
          PURCHASE_CONCEPTS.contains(p.concept()) || p.concept().equals(PURCHASE_RECENCY);
      if (neverBought && aboutPurchases) {
        continue;
      }
      String concept = p.concept().split("/")[0];
      if (concepts.add(concept)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The name of these parts, in this order (strongest first). */
  static Text join(List<Part> parts) {
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (Part p : parts) {
      (p.before() ? before : after).add(p.en());
    }
    StringBuilder en = new StringBuilder(String.join(", ", before));
    en.append(en.isEmpty() ? "customers" : " customers");
    if (!after.isEmpty()) {
      en.append(' ').append(clauses(after));
    }
    StringBuilder ko = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      ko.append(i < parts.size() - 1 ? p.koConnective() : p.koModifier()).append(' ');
    }
    ko.append("고객");
    return new Text(capitalise(en.toString()), ko.toString());
  }

  /** "who visit often and have never bought", "with big baskets, who reorder quickly". */
  private static String clauses(List<String> after) {
    StringBuilder s = new StringBuilder(after.get(0));
    for (int i = 1; i < after.size(); i++) {
      String prev = after.get(i - 1);
      String cur = after.get(i);
      String lead = cur.substring(0, cur.indexOf(' ') + 1);
      if (prev.startsWith(lead)) {
        s.append(" and ").append(cur.substring(lead.length()));
      } else {
        s.append(", ").append(cur);
      }
    }
    return s.toString();
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
