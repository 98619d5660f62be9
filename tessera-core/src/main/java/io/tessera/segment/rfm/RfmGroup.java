package io.tessera.segment.rfm;

import java.util.List;
import java.util.Locale;

/**
 * The ten RFM groups, after Groobee's scheme (VIP, lapsing VIP, potential VIP, new, must catch now,
 * needs attention, at risk) completed with three cells of the standard R x F segment map
 * (hibernating, can't lose, lost). Each group is one region of the score space; the regions do not
 * overlap and together cover all 125 (R, F, M) triples (tested).
 *
 * <pre>
 *        F=1              F=2              F=3             F=4..5
 * R=5    new              must catch now   potential VIP   VIP if M>=4, else potential VIP
 * R=4    must catch now   must catch now   potential VIP   VIP if M>=4, else potential VIP
 * R=3    needs attention  needs attention  needs attention lapsing VIP
 * R=2    hibernating      hibernating      at risk         at risk
 * R=1    lost             lost             lost            can't lose
 * </pre>
 *
 * <p>Customers without a completed order are placed by their visits instead ({@link
 * VisitorPlacement}): new visitors with the new customers, recent visitors who did not buy under
 * must catch now, older ones under needs attention, hibernating and lost.
 */
public enum RfmGroup {
  VIP(
      "VIP",
      "VIP",
      JourneyStage.RETENTION,
      List.of(
          "Invite to a loyalty tier with early access",
          "Thank personally; ask for a review or referral"),
      List.of("조기 구매 혜택이 있는 로열티 등급으로 초대", "감사 메시지와 함께 리뷰·추천 요청")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r >= 4 && f >= 4 && m >= 4;
    }
  },
  LAPSING_VIP(
      "Lapsing VIP",
      "뜸한 VIP",
      JourneyStage.RETENTION,
      List.of(
          "Send a personal 'we miss you' offer on their favourite category",
          "Remind them of loyalty benefits about to lapse"),
      List.of("선호 카테고리 중심의 개인화된 재방문 혜택 발송", "곧 소멸되는 등급 혜택 안내")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 3 && f >= 4;
    }
  },
  POTENTIAL_VIP(
      "Potential VIP",
      "잠재 VIP",
      JourneyStage.CONVERSION,
      List.of(
          "Recommend higher-value products and bundles", "Offer membership with a spend threshold"),
      List.of("상위 상품·묶음 상품 추천", "구매 금액 기준 멤버십 제안")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r >= 4 && (f == 3 || (f >= 4 && m <= 3));
    }
  },
  NEW(
      "New customers",
      "신규 고객",
      JourneyStage.ACQUISITION,
      List.of(
          "Welcome series with onboarding tips",
          "A first- or second-purchase coupon valid for 14 days"),
      List.of("온보딩 안내가 담긴 웰컴 메시지 시리즈", "14일 이내 사용 가능한 첫 구매·재구매 쿠폰")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 5 && f == 1;
    }
  },
  MUST_CATCH_NOW(
      "Must catch now",
      "지금 잡아야 할 고객",
      JourneyStage.CONVERSION,
      List.of(
          "Time-limited offer on items related to what they last bought or viewed",
          "Push or email reminder while interest is fresh"),
      List.of("최근 구매·조회 상품과 연관된 기간 한정 혜택", "관심이 식기 전 푸시·이메일 리마인드")) {
    @Override
    boolean matches(int r, int f, int m) {
      return (r == 5 && f == 2) || (r == 4 && f <= 2);
    }
  },
  NEEDS_ATTENTION(
      "Needs attention",
      "신경써야 할 고객",
      JourneyStage.CONVERSION,
      List.of(
          "Personalised recommendations based on browsing",
          "Ask for feedback with a small incentive"),
      List.of("탐색 이력 기반 개인화 추천", "작은 혜택과 함께 만족도 조사")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 3 && f <= 3;
    }
  },
  AT_RISK(
      "At risk",
      "이탈 우려 고객",
      JourneyStage.RETENTION,
      List.of("Win-back offer before they churn", "Check recent complaints and resolve them"),
      List.of("이탈 전 재구매 유도 혜택", "최근 불만 사항 확인 및 해결")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 2 && f >= 3;
    }
  },
  HIBERNATING(
      "Hibernating",
      "휴면 고객",
      JourneyStage.RETENTION,
      List.of("Low-cost reactivation campaign", "Seasonal reminder with bestsellers"),
      List.of("저비용 휴면 고객 재활성화 캠페인", "시즌 베스트셀러 안내")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 2 && f <= 2;
    }
  },
  CANT_LOSE(
      "Can't lose them",
      "놓치면 안 될 고객",
      JourneyStage.RETENTION,
      List.of(
          "Personal outreach from customer service", "Strong win-back offer on their top category"),
      List.of("고객센터의 개별 연락", "주력 카테고리 강력한 재구매 혜택")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 1 && f >= 4;
    }
  },
  LOST(
      "Lost",
      "이탈 고객",
      JourneyStage.RETENTION,
      List.of(
          "Include only in broad, low-cost campaigns",
          "Exclude from paid retargeting to save budget"),
      List.of("저비용 대량 캠페인에만 포함", "유료 리타겟팅에서 제외해 예산 절감")) {
    @Override
    boolean matches(int r, int f, int m) {
      return r == 1 && f <= 3;
    }
  };

  private final String english;
  private final String korean;
  private final JourneyStage stage;
  private final List<String> actionsEn;
  private final List<String> actionsKo;

  RfmGroup(
      String english,
      String korean,
      JourneyStage stage,
      List<String> actionsEn,
      List<String> actionsKo) {
    this.english = english;
    this.korean = korean;
    this.stage = stage;
    this.actionsEn = actionsEn;
    this.actionsKo = actionsKo;
  }

  abstract boolean matches(int r, int f, int m);

  /** The group of a score triple; each triple matches exactly one group. */
  public static RfmGroup of(int r, int f, int m) {
    if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5) {
      throw new IllegalArgumentException("RFM scores are 1..5, got " + r + ", " + f + ", " + m);
    }
    for (RfmGroup g : values()) {
      if (g.matches(r, f, m)) {
        return g;
      }
    }
    throw new IllegalStateException("no RFM group covers " + r + f + m);
  }

  /** The id used in files and JSON, e.g. {@code lapsing_vip}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String english() {
    return english;
  }

  public String korean() {
    return korean;
  }

  public JourneyStage stage() {
    return stage;
  }

  public List<String> actionsEn() {
    return actionsEn;
  }

  public List<String> actionsKo() {
    return actionsKo;
  }
}
