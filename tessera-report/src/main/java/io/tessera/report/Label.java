package io.tessera.report;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every fixed text of the report, in English and Korean. An enum rather than a properties file so
 * that a missing translation cannot compile; the charts receive the same texts as JSON.
 */
enum Label {
  SUBTITLE("Customer segmentation report", "고객 세분화 리포트"),
  AS_OF("As of", "기준일"),
  GENERATED("Generated", "생성 시각"),
  INPUTS("Inputs", "입력 데이터"),
  INPUTS_SUMMARY("{0} inputs, {1} rows read", "입력 {0}개, {1}행"),
  ROWS("rows", "행"),
  CONTENTS("Contents", "목차"),

  KF_CUSTOMERS("Customers segmented", "세분화된 고객"),
  KF_CUSTOMERS_OF(
      "of {0} customers; {1} excluded (no consent to profiling)", "전체 {0}명 중, {1}명 제외 (프로파일링 미동의)"),
  KF_REVENUE("Revenue", "매출"),
  KF_REVENUE_SUB("{0} per segmented customer", "세분화 고객 1인당 {0}"),
  KF_SEGMENTS("Segments", "세그먼트"),
  KF_RFM_GROUPS("{0} RFM groups", "RFM 그룹 {0}개"),
  KF_CLUSTERS("{0} clusters", "클러스터 {0}개"),
  KF_RULE_SEGMENTS("{0} rule segments", "규칙 세그먼트 {0}개"),
  KF_ACCEPTED("Rows accepted", "정상 처리된 행"),
  KF_ACCEPTED_SUB("{0} of {1} rows quarantined", "{1}행 중 {0}행 격리"),
  KF_TOP_SEGMENT("Most valuable segment", "가장 가치 있는 세그먼트"),
  KF_TOP_SEGMENT_SUB("{0} of revenue from {1} of customers", "고객 비중 {1}, 매출 비중 {0}"),
  KF_AUC("Churn model ROC-AUC", "이탈 예측 ROC-AUC"),
  KF_AUC_SUB("{0}; 0.5 is a coin toss, 1.0 is perfect", "{0}; 0.5는 무작위, 1.0은 완벽"),

  SKIPPED("Not done in this run", "이번 실행에서 하지 않은 분석"),
  SKIPPED_INTRO(
      "These stages had nothing to work on in this data; everything else below ran.",
      "아래 단계는 이 데이터로는 할 수 있는 일이 없어 건너뛰었습니다. 나머지 분석은 모두 실행했습니다."),
  STAGE_NAME_RFM("RFM groups", "RFM 그룹"),
  STAGE_NAME_CLV("Lifetime value", "고객 생애 가치"),
  STAGE_NAME_CLUSTERING("Clustering", "클러스터링"),
  STAGE_NAME_CHURN("Churn model", "이탈 예측 모델"),
  STAGE_NAME_RECOMMEND("Recommendations", "상품 추천"),

  IDENTITY("Identity resolution", "고객 식별 통합"),
  IDENTITY_INTRO(
      "{0} accounts resolved into {1} customers; {2} customers hold more than one account"
          + " (identities.csv). {3} anonymous events were linked to a customer, {4} left unlinked.",
      "계정 {0}개를 고객 {1}명으로 통합했습니다. 계정이 둘 이상인 고객은 {2}명입니다 (identities.csv)."
          + " 익명 이벤트 {3}건을 고객에 연결했고 {4}건은 연결하지 않았습니다."),
  IDENTITY_RULE("Rule", "규칙"),
  IDENTITY_ACCOUNT_MERGES("Account merges", "계정 통합"),
  IDENTITY_EVENTS_LINKED("Anonymous events linked", "연결된 익명 이벤트"),
  IDENTITY_BLOCKED(
      "Blocked: {0} merges with conflicting verified identifiers or an un-merge; {1} identifiers"
          + " held by too many customers and {2} devices or anonymous ids used by several customers"
          + " link nobody; {3} links refused without consent to profiling; {4} malformed"
          + " identifiers never link.",
      "차단: 서로 다른 검증 식별자 또는 통합 해제로 막은 통합 {0}건, 너무 많은 고객이 쓰는 식별자 {1}개와"
          + " 여러 고객이 쓴 기기·익명 ID {2}개는 아무도 연결하지 않음, 프로파일링 미동의로 거절한 연결 {3}건,"
          + " 형식이 잘못되어 연결하지 않은 식별자 {4}개."),
  IDENTITY_CURVE("Match threshold", "매칭 임계값"),
  IDENTITY_CURVE_TRUTH(
      "Probabilistic merges need a posterior match probability of at least the threshold (this"
          + " run: {0}, ✓). Pairwise precision and recall of the resolution at each threshold,"
          + " against the planted truth that came with the data (truth/identities.csv); traps are"
          + " identifiers that must stay apart.",
      "확률적 통합은 사후 매칭 확률이 임계값 이상이어야 합니다 (이번 실행: {0}, ✓). 데이터와 함께 제공된 정답"
          + " (truth/identities.csv) 대비 임계값별 쌍 단위 정밀도와 재현율입니다. 함정은 따로 남아야 하는"
          + " 식별자입니다."),
  IDENTITY_CURVE_COUNTS(
      "Probabilistic merges need a posterior match probability of at least the threshold (this"
          + " run: {0}, ✓). Without truth to measure against, the curve is the compared pairs each"
          + " threshold accepts.",
      "확률적 통합은 사후 매칭 확률이 임계값 이상이어야 합니다 (이번 실행: {0}, ✓). 비교할 정답이 없으므로"
          + " 임계값별로 받아들이는 비교 쌍의 수를 보여 줍니다."),
  IDENTITY_THRESHOLD("Threshold", "임계값"),
  IDENTITY_PAIRS("Pairs", "쌍"),
  IDENTITY_TRAPS("Traps wrongly joined", "잘못 연결된 함정"),
  IDENTITY_WEIGHTS(
      "Match weights (log2 posterior odds) of all compared pairs: true matches gather high,"
          + " non-matches low; a threshold belongs in the valley between.",
      "비교한 모든 쌍의 매칭 가중치 (사후 오즈의 log2): 실제 일치는 높은 쪽에, 불일치는 낮은 쪽에 모입니다."
          + " 임계값은 그 사이 골짜기에 두는 것이 좋습니다."),
  IDENTITY_WEIGHT_BIN("Match weight", "매칭 가중치"),
  PRECISION("Precision", "정밀도"),
  RECALL("Recall", "재현율"),
  RECOMMEND("Recommendations", "상품 추천"),
  TEXTS("What customers write", "고객이 쓴 글"),
  TEXTS_INTRO(
      "{0} reviews and service texts were read (texts.csv): each got a sentiment in [-1, 1], a"
          + " complaint flag with the words that triggered it, and a topic. {1} are complaints."
          + " Texts shown here are masked (emails, phone and card numbers).",
      "리뷰와 상담 글 {0}건을 읽었습니다 (texts.csv). 글마다 [-1, 1]의 감성 점수, 불만 여부와 그 근거 단어,"
          + " 주제가 붙습니다. 불만은 {1}건입니다. 여기 보이는 글은 마스킹되었습니다 (이메일, 전화·카드 번호)."),
  TEXT_METHOD_CLASSIFIER("Trained classifier (NB-LR), cross-validated", "학습한 분류기 (NB-LR), 교차 검증"),
  TEXT_METHOD_LEXICON("Lexicon with rules (VADER, KnuSentiLex)", "감성 사전과 규칙 (VADER, KnuSentiLex)"),
  LABELLED_TEXTS("Labelled texts", "레이블이 있는 글"),
  ACCURACY("Accuracy", "정확도"),
  F1("F1", "F1 점수"),
  TOPICS("Topics", "주제"),
  TOPIC("Topic", "주제"),
  LANGUAGE("Language", "언어"),
  TOP_WORDS("Top words", "주요 단어"),
  TEXT_COUNT("Texts", "글 수"),
  MEAN_SENTIMENT("Mean sentiment", "평균 감성"),
  EXAMPLE("Example (masked)", "예시 (마스킹)"),
  COMPLAINT_SHARE("Complaint share", "불만 비율"),
  TOP_TOPICS("Largest topics", "주요 주제"),
  SENTIMENT_BY_SEGMENT("Sentiment by segment", "세그먼트별 감성"),
  COMPLAINT_EXAMPLES("Complaints (masked examples)", "불만 예시 (마스킹)"),
  RECOMMEND_INTRO(
      "Each customer gets 10 products they have not bought yet, with a reason"
          + " (recommendations.csv). Served: {0}, the best on a time split (trained up to {1},"
          + " tested on the next {2} days; {3} customers who bought in both periods; hits are"
          + " products new to the customer).",
      "고객마다 아직 사지 않은 상품 10개를 이유와 함께 추천합니다 (recommendations.csv). 사용한 방법: {0}."
          + " 시간 분할 검증에서 가장 좋았습니다 ({1}까지 학습, 이후 {2}일로 검증, 두 기간 모두 구매한 고객 {3}명,"
          + " 고객에게 새로운 상품만 적중으로 셈)."),
  RECOMMEND_INTRO_NO_SPLIT(
      "Each customer gets 10 products they have not bought yet, with a reason"
          + " (recommendations.csv). Served: {0} (configured, or the default when the data is too"
          + " short for a time split; see models/recommend.json).",
      "고객마다 아직 사지 않은 상품 10개를 이유와 함께 추천합니다 (recommendations.csv). 사용한 방법: {0}"
          + " (설정값, 또는 시간 분할 검증에 데이터가 부족할 때의 기본값; models/recommend.json 참고)."),
  METHOD("Method", "방법"),
  PRECISION_AT_10("Precision@10", "정밀도@10"),
  RECALL_AT_10("Recall@10", "재현율@10"),
  MAP_AT_10("MAP@10", "평균 정밀도(MAP)@10"),
  COVERAGE("Catalogue coverage", "상품 커버리지"),
  METHOD_ALS("Matrix factorisation (ALS)", "행렬 분해 (ALS)"),
  METHOD_ITEM_CF("Bought together (item-to-item)", "함께 구매한 상품 (아이템 기반)"),
  METHOD_POPULAR("Most popular (baseline)", "인기 상품 (기준선)"),
  METHOD_SEGMENT_POPULAR("Popular in the segment (baseline)", "세그먼트 인기 상품 (기준선)"),
  LIFTED_ITEMS("Products to feature", "추천 캠페인 상품"),
  LIFTED_ITEMS_INTRO(
      "Per segment, the products its customers buy most often compared with everyone (lift;"
          + " buyers in the segment in brackets).",
      "세그먼트별로 전체 고객보다 특히 많이 사는 상품입니다 (향상도, 괄호 안은 세그먼트 내 구매 고객 수)."),

  DATA_HEALTH("Data health", "데이터 품질"),
  DATA_HEALTH_INTRO(
      "Rows that failed a check are kept aside (quarantined) with their reason, never silently"
          + " dropped.",
      "검사를 통과하지 못한 행은 삭제하지 않고 사유와 함께 격리했습니다."),
  SOURCE("Source", "소스"),
  ROWS_READ("Rows read", "읽은 행"),
  ACCEPTED("Accepted", "정상"),
  QUARANTINED("Quarantined", "격리"),
  QUARANTINE_RATE("Quarantined %", "격리 비율"),
  TOP_REASONS("Top reasons", "주요 사유"),
  NONE("none", "없음"),

  RFM_GRID("RFM grid", "RFM 그리드"),
  RFM_INTRO(
      "Customers by recency score (rows) and frequency score (columns), 5 = best; each cell shows"
          + " its RFM group and customer count.",
      "최근성 점수(행)와 구매 빈도 점수(열)별 고객 수입니다 (5 = 가장 좋음). 각 칸에 RFM 그룹과 고객 수를 표시했습니다."),
  RECENCY_SCORE("Recency score (5 = most recent)", "최근성 점수 (5 = 가장 최근)"),
  FREQUENCY_SCORE("Frequency score (5 = most frequent)", "구매 빈도 점수 (5 = 가장 잦음)"),

  SEGMENT_VALUE("Segment sizes and value", "세그먼트 규모와 가치"),
  SEGMENT_VALUE_INTRO(
      "A value index above 1 means the segment brings more than its share of revenue.",
      "가치 지수가 1보다 크면 고객 비중보다 매출 비중이 큰 세그먼트입니다."),
  SEGMENT("Segment", "세그먼트"),
  KIND("Kind", "유형"),
  STAGE("Journey stage", "고객 여정 단계"),
  CUSTOMERS("Customers", "고객 수"),
  SHARE("Share of customers", "고객 비중"),
  REVENUE_SHARE("Share of revenue", "매출 비중"),
  VALUE_INDEX("Value index", "가치 지수"),
  KIND_RFM("RFM group", "RFM 그룹"),
  KIND_CLUSTER("Cluster", "클러스터"),
  KIND_RULE("Rule", "규칙"),
  STAGE_ACQUISITION("Acquisition", "고객 획득"),
  STAGE_CONVERSION("Conversion", "구매 전환"),
  STAGE_RETENTION("Retention", "고객 유지"),

  PROFILES("Segment profiles", "세그먼트 프로필"),
  PROFILES_INTRO(
      "What sets each segment apart: its mean against all customers' mean (lift = ratio).",
      "각 세그먼트를 구분 짓는 특징입니다: 세그먼트 평균과 전체 고객 평균의 비교 (배율 = 비율)."),
  FEATURE("Feature", "특징"),
  SEGMENT_MEAN("Segment", "세그먼트"),
  POPULATION_MEAN("All customers", "전체 고객"),
  LIFT("Lift", "배율"),

  MAP("Customer map", "고객 분포 맵"),
  MAP_INTRO(
      "Each dot is a customer ({0} shown), placed by {1} so that similar customers lie close"
          + " together.",
      "점 하나가 고객 한 명입니다 ({0}명 표시). 비슷한 고객이 가까이 놓이도록 {1}(으)로 배치했습니다."),

  K_SELECTION("Choosing the number of clusters", "클러스터 수 선택"),
  K_SELECTION_INTRO(
      "Each k was scored by three indices; k = {0} was chosen.",
      "k마다 세 가지 지표로 평가했으며, k = {0}을(를) 선택했습니다."),
  SILHOUETTE("Silhouette (higher is better)", "실루엣 (높을수록 좋음)"),
  CALINSKI_HARABASZ("Calinski–Harabasz (higher is better)", "칼린스키–하라바즈 (높을수록 좋음)"),
  DAVIES_BOULDIN("Davies–Bouldin (lower is better)", "데이비스–볼딘 (낮을수록 좋음)"),
  CHOSEN("chosen", "선택"),

  ACTIONS("Recommended actions", "추천 액션"),
  ACTIONS_INTRO("What to do next with each segment.", "세그먼트별로 다음에 할 일입니다."),

  PREDICTIONS("Predictions", "예측"),
  CLV("Customer lifetime value by segment", "세그먼트별 고객 생애 가치 (CLV)"),
  CLV_INTRO(
      "Predicted value of each customer over the next {0} days (BG/NBD and Gamma-Gamma); boxes"
          + " span the middle half of customers, the line is the median, the diamond the mean.",
      "향후 {0}일 동안의 고객별 예측 가치입니다 (BG/NBD, Gamma-Gamma). 상자는 중간 50% 고객, 선은 중앙값, 마름모는 평균입니다."),
  CLV_EMPIRICAL(
      "BG/NBD and Gamma-Gamma do not fit these data, so these figures come from each customer's"
          + " own purchase rate, shrunk towards the shop's (a cruder model of who has stopped"
          + " buying).",
      "BG/NBD와 Gamma-Gamma 모델이 이 데이터에 맞지 않아, 이 수치는 고객별 구매율(매장 전체 구매율 쪽으로 보정)로 계산했습니다."
          + " 이탈 여부는 더 단순하게 추정됩니다."),
  CLV_WARNINGS("Model warnings (models/clv.json)", "모델 경고 (models/clv.json)"),
  CLV_AXIS("Predicted CLV", "예측 CLV"),
  MIN("Min", "최소"),
  Q1("Lower quartile", "1사분위"),
  MEDIAN("Median", "중앙값"),
  Q3("Upper quartile", "3사분위"),
  MAX("Max", "최대"),
  MEAN("Mean", "평균"),
  P_ALIVE("Probability a customer is still active", "고객 활성 확률 (P(alive))"),
  P_ALIVE_INTRO(
      "Mean P(alive) by days since the last purchase and number of repeat purchases.",
      "마지막 구매 후 경과일과 재구매 횟수별 평균 활성 확률입니다."),
  DAYS_SINCE_LAST("Days since last purchase", "마지막 구매 후 경과일"),
  REPEAT_PURCHASES("Repeat purchases", "재구매 횟수"),
  CHURN("Churn model validation", "이탈 예측 모델 검증"),
  CHURN_INTRO(
      "Model {0}: ROC-AUC {1} (95% interval {2} to {3}). The calibration shows whether predicted"
          + " probabilities match what happened.",
      "모델 {0}: ROC-AUC {1} (95% 구간 {2}~{3}). 보정 그래프는 예측 확률이 실제 결과와 맞는지 보여 줍니다."),
  CHURN_CHANCE(
      "The interval holds 0.5: on this data the model cannot be told from a random ranking (too few"
          + " customers or churners, or nothing in the profiles foretells churn). Do not act on its"
          + " scores alone.",
      "구간이 0.5를 포함합니다: 이 데이터에서는 모델을 무작위 순위와 구별할 수 없습니다(고객이나 이탈 고객이 너무 적거나"
          + " 프로필에 이탈의 징후가 없습니다). 이 점수만으로 조치하지 마십시오."),
  FALSE_POSITIVE_RATE("False-positive rate", "위양성률"),
  TRUE_POSITIVE_RATE("True-positive rate", "진양성률"),
  RANDOM("Random guess", "무작위 추측"),
  PREDICTED_CHURN("Predicted churn probability", "예측 이탈 확률"),
  OBSERVED_CHURN("Observed churn rate", "실제 이탈률"),
  PERFECT_CALIBRATION("Perfect calibration", "완벽한 보정"),
  BACKTEST("Backtest: predicted vs actual purchases", "백테스트: 예측 대비 실제 구매"),
  BACKTEST_INTRO(
      "Repeat purchases per week; the model saw data up to {0}. Mean absolute error per customer"
          + " in the holdout: {1}.",
      "주간 재구매 수입니다. 모델은 {0}까지의 데이터만 학습했습니다. 검증 기간의 고객당 평균 절대 오차: {1}."),
  WEEK("Week", "주"),
  ACTUAL("Actual", "실제"),
  EXPECTED("Expected", "예측"),
  CALIBRATION_END("Model saw data up to here", "학습 데이터 끝"),
  PURCHASES_PER_WEEK("Repeat purchases per week", "주간 재구매 수"),

  FOOTER(
      "Made by Tessera. Charts by Apache ECharts {0} (Apache License 2.0), inlined: this file works"
          + " offline.",
      "Tessera로 만든 리포트입니다. 차트: Apache ECharts {0} (Apache License 2.0), 파일에 포함되어 오프라인에서도 열립니다.");

  private final String en;
  private final String ko;

  Label(String en, String ko) {
    this.en = en;
    this.ko = ko;
  }

  /** The text in a language. */
  String in(Lang lang) {
    return lang == Lang.KO ? ko : en;
  }

  /** The text with {0}, {1}, ... replaced by the arguments (already formatted). */
  String format(Lang lang, String... args) {
    String s = in(lang);
    for (int i = 0; i < args.length; i++) {
      s = s.replace("{" + i + "}", args[i]);
    }
    return s;
  }

  /** All texts of a language, keyed by lower-case constant name, for the charts' script. */
  static Map<String, String> all(Lang lang) {
    Map<String, String> out = new TreeMap<>();
    for (Label l : values()) {
      out.put(l.name().toLowerCase(Locale.ROOT), l.in(lang));
    }
    return out;
  }
}
