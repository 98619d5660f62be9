package io.tessera.segment.profile;

import io.tessera.segment.Segment.Text;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words for a feature that is markedly high or low in a segment: the adjective that goes into
 * the segment's name and the actions such a trait calls for, in English and Korean.
 *
 * @param feature the feature's name (a profile field, or {@code <field>_missing})
 * @param high whether the segment is above the population on it
 * @param phrase the adjective for a name, e.g. "high-spending" / "고액 구매"
 * @param actions what to do about it (may be empty)
 */
public record Trait(String feature, boolean high, Text phrase, List<Text> actions) {

  public Trait {
    actions = List.copyOf(actions);
  }

  /**
   * The vocabulary entry for a feature in one direction, if the vocabulary knows the feature. A
   * missing-value indicator ({@code <field>_missing}) that is low in a segment says nothing worth a
   * name (most customers have the value), so it has no entry; one that is high says the customers
   * lack that behaviour.
   */
  public static Optional<Trait> of(String feature, boolean high) {
    Words w = VOCABULARY.get(feature);
    if (w == null && feature.endsWith(MISSING)) {
      String base = feature.substring(0, feature.length() - MISSING.length());
      Words lacking = LACKING.get(base);
      if (!high) {
        return Optional.empty();
      }
      if (lacking != null) {
        return Optional.of(new Trait(feature, true, lacking.high, lacking.highActions));
      }
      String words = base.replace('_', ' ');
      return Optional.of(
          new Trait(feature, true, new Text("without " + words, words + " 기록 없는"), List.of()));
    }
    if (w == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Trait(feature, high, high ? w.high : w.low, high ? w.highActions : w.lowActions));
  }

  /**
   * The words for a feature in one direction: the vocabulary's, else a plain phrase; empty for a
   * missing-value indicator that is low (that says nothing about the segment).
   */
  public static Optional<Trait> describe(String feature, boolean high) {
    Optional<Trait> known = of(feature, high);
    if (known.isPresent() || feature.endsWith(MISSING)) {
      return known;
    }
    return Optional.of(generic(feature, high));
  }

  /** A plain phrase for a feature outside the vocabulary (a customer attribute, a share). */
  public static Trait generic(String feature, boolean high) {
    String words = feature.replace('_', ' ');
    return new Trait(
        feature,
        high,
        new Text((high ? "high " : "low ") + words, words + (high ? " 높은" : " 낮은")),
        List.of());
  }

  private static final String MISSING = "_missing";

  private record Words(Text high, Text low, List<Text> highActions, List<Text> lowActions) {}

  private static Text t(String en, String ko) {
    return new Text(en, ko);
  }

  private static final Text VIP_PERKS =
      t("Offer VIP perks and early access to new products", "VIP 혜택과 신상품 우선 구매 기회 제공");
  private static final Text WIN_BACK = t("Send a personalised win-back offer", "개인화된 재구매 유도 쿠폰 발송");
  private static final Text CART_PUSH =
      t("Trigger a cart reminder push within 30 minutes of abandonment", "장바구니 이탈 30분 내 알림 푸시 발송");
  private static final Text ONBOARDING =
      t("Run a welcome series that leads to the second purchase", "두 번째 구매로 이어지는 웰컴 메시지 시리즈 운영");
  private static final Text SERVICE =
      t("Follow up through customer service before any promotion", "프로모션 전에 고객센터에서 먼저 연락");
  private static final Text CHANNEL =
      t("Reach them by push or SMS instead of email", "이메일 대신 푸시나 문자로 연락");
  private static final Text BUNDLE =
      t(
          "Offer bundles and free-shipping thresholds to raise basket size",
          "묶음 할인과 무료배송 기준으로 객단가 높이기");
  private static final Text FIRST_PURCHASE =
      t("Retarget viewed products with a first-purchase incentive", "본 상품 리타게팅과 첫 구매 혜택 제공");
  private static final Text LOYALTY =
      t("Enrol them in the loyalty programme with a points boost", "포인트 적립을 늘려 멤버십 가입 유도");
  private static final Text RETURNS =
      t(
          "Improve size and fit guidance; leave them out of discount pushes",
          "사이즈·상품 안내를 보강하고 할인 푸시 대상에서 제외");
  private static final Text REFERRAL =
      t("Invite them to review and refer friends", "리뷰 작성과 친구 추천 요청");

  /** Discount use, raw share or smoothed propensity: the same words. */
  private static final Words DISCOUNT_USE =
      new Words(
          t("discount-driven", "할인에 반응하는"),
          t("full-price", "정가로 구매하는"),
          List.of(t("Send targeted coupons rather than blanket discounts", "전체 할인 대신 타깃 쿠폰 발송")),
          List.of());

  /**
   * How long a customer has been around, since the first order or the first activity: the same
   * words, so a name that meets both does not repeat a phrase.
   */
  private static final Words TENURE =
      new Words(
          t("long-standing", "오래 거래한"),
          t("newly acquired", "새로 유입된"),
          List.of(),
          List.of(ONBOARDING));

  private static final Map<String, Words> VOCABULARY =
      Map.ofEntries(
          Map.entry(
              "recency_days",
              new Words(
                  t("long-lapsed", "오래 구매하지 않은"),
                  t("recently purchasing", "최근 구매한"),
                  List.of(WIN_BACK),
                  List.of())),
          Map.entry(
              "frequency",
              new Words(
                  t("frequent", "자주 구매하는"),
                  t("infrequent", "가끔 구매하는"),
                  List.of(LOYALTY),
                  List.of())),
          Map.entry(
              "orders_total",
              new Words(t("many-order", "주문이 많은"), t("few-order", "주문이 적은"), List.of(), List.of())),
          Map.entry(
              "monetary",
              new Words(
                  t("high-spending", "고액 구매"),
                  t("low-spending", "소액 구매"),
                  List.of(VIP_PERKS),
                  List.of(BUNDLE))),
          Map.entry("discount_order_share", DISCOUNT_USE),
          Map.entry("discount_propensity", DISCOUNT_USE),
          Map.entry("days_since_first_activity", TENURE),
          Map.entry(
              "orders_90d",
              new Words(
                  t("buying lately", "최근 구매가 잦은"),
                  t("not buying lately", "최근 구매가 없는"),
                  List.of(),
                  List.of(WIN_BACK))),
          Map.entry(
              "avg_order_value",
              new Words(
                  t("big-basket", "객단가 높은"),
                  t("small-basket", "객단가 낮은"),
                  List.of(),
                  List.of(BUNDLE))),
          Map.entry("tenure_days", TENURE),
          Map.entry(
              "ipt_mean_days",
              new Words(
                  t("slow-repeating", "재구매 간격이 긴"),
                  t("fast-repeating", "재구매 간격이 짧은"),
                  List.of(),
                  List.of())),
          Map.entry(
              "return_rate",
              new Words(
                  t("return-prone", "반품이 잦은"),
                  t("rarely returning", "반품이 드문"),
                  List.of(RETURNS),
                  List.of())),
          Map.entry(
              "events_90d",
              new Words(
                  t("highly engaged", "활동이 활발한"),
                  t("disengaged", "활동이 적은"),
                  List.of(),
                  List.of(WIN_BACK))),
          Map.entry(
              "sessions",
              new Words(
                  t("often-visiting", "자주 방문하는"),
                  t("rarely visiting", "방문이 드문"),
                  List.of(),
                  List.of())),
          Map.entry(
              "pages_per_session",
              new Words(
                  t("deep-browsing", "오래 둘러보는"),
                  t("quick-browsing", "짧게 둘러보는"),
                  List.of(),
                  List.of())),
          Map.entry(
              "cart_abandonment_rate",
              new Words(
                  t("cart-abandoning", "장바구니를 이탈하는"),
                  t("checkout-completing", "결제를 마치는"),
                  List.of(CART_PUSH),
                  List.of())),
          Map.entry(
              "email_open_rate",
              new Words(
                  t("email-responsive", "이메일 반응이 좋은"),
                  t("email-ignoring", "이메일을 열지 않는"),
                  List.of(),
                  List.of(CHANNEL))),
          Map.entry(
              "email_click_rate",
              new Words(
                  t("email-clicking", "이메일을 클릭하는"),
                  t("non-clicking", "이메일을 클릭하지 않는"),
                  List.of(),
                  List.of(CHANNEL))),
          Map.entry(
              "complaints",
              new Words(
                  t("complaining", "불만이 많은"),
                  t("complaint-free", "불만이 없는"),
                  List.of(SERVICE),
                  List.of())),
          Map.entry(
              "rating_mean",
              new Words(
                  t("satisfied", "만족도 높은"),
                  t("dissatisfied", "만족도 낮은"),
                  List.of(REFERRAL),
                  List.of(SERVICE))),
          Map.entry(
              "days_since_last_activity",
              new Words(
                  t("dormant", "휴면"),
                  t("currently active", "지금 활동 중인"),
                  List.of(WIN_BACK),
                  List.of())),
          Map.entry(
              "activity_trend",
              new Words(
                  t("warming-up", "활동이 늘어나는"),
                  t("cooling-down", "활동이 줄어드는"),
                  List.of(),
                  List.of(WIN_BACK))));

  private static final Words NEVER_PURCHASED =
      new Words(t("never-purchasing", "구매 이력 없는"), t("", ""), List.of(FIRST_PURCHASE), List.of());

  private static final Words NEVER_ACTIVE =
      new Words(t("never active", "활동 이력 없는"), t("", ""), List.of(FIRST_PURCHASE), List.of());

  /** What a high missing-value indicator of a field says: the customers lack that behaviour. */
  private static final Map<String, Words> LACKING =
      Map.ofEntries(
          Map.entry("recency_days", NEVER_PURCHASED),
          Map.entry("tenure_days", NEVER_PURCHASED),
          Map.entry("avg_order_value", NEVER_PURCHASED),
          Map.entry("discount_order_share", NEVER_PURCHASED),
          Map.entry(
              "ipt_mean_days",
              new Words(
                  t("single-purchase", "한 번만 구매한"), t("", ""), List.of(ONBOARDING), List.of())),
          Map.entry(
              "return_rate",
              new Words(t("never-purchasing", "구매 이력 없는"), t("", ""), List.of(), List.of())),
          Map.entry(
              "pages_per_session",
              new Words(t("never-visiting", "방문 이력 없는"), t("", ""), List.of(), List.of())),
          Map.entry(
              "cart_abandonment_rate",
              new Words(t("never-carting", "장바구니 이력 없는"), t("", ""), List.of(), List.of())),
          Map.entry(
              "email_open_rate",
              new Words(
                  t("unreachable by email", "이메일 이력 없는"), t("", ""), List.of(CHANNEL), List.of())),
          Map.entry(
              "rating_mean",
              new Words(t("non-reviewing", "리뷰 없는"), t("", ""), List.of(), List.of())),
          Map.entry("days_since_last_activity", NEVER_ACTIVE),
          Map.entry("days_since_first_activity", NEVER_ACTIVE));
}
