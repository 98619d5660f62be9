package io.tessera.pipeline.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.Review;
import io.tessera.feature.FeatureMatrix;
import io.tessera.pipeline.churn.ChurnSettings;
import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.churn.ChurnTimeSplit;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnFeatures;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.privacy.TextMask;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import io.tessera.profile.TextSignal;
import io.tessera.store.CsvOutput;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import io.tessera.text.Language;
import io.tessera.text.Lexicons;
import io.tessera.text.SentimentClassifier;
import io.tessera.text.SentimentLabel;
import io.tessera.text.TextOptions;
import io.tessera.text.TextScorer;
import io.tessera.text.TextTokens;
import io.tessera.text.TopicModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What customers write (issue 11): scores every review and interaction text, finds topics per
 * language, hands each customer's text signals to the profiles, and writes {@code texts.csv} and
 * {@code models/text.json}. The work is core's ({@code io.tessera.text}); this class only reads the
 * store and writes files.
 */
public final class TextStage {
  public static final List<String> COLUMNS =
      List.of(
          "id",
          "source",
          "customer_id",
          "language",
          "sentiment",
          "label",
          "method",
          "complaint",
          "complaint_words",
          "topic",
          "text");
  // the fewest texts of a language for topics
  private static final int MIN_TOPIC_DOCS = 50;

  /** One text of the input. */
  record Row(
      String id, String source, String customerId, Instant at, String text, Integer rating) {}

  /** The scored texts, their topics, and what was fitted. */
  public static final class Outcome {
    final List<Row> rows;
    final List<TextScorer.Scored> scored;
    final int[] topic;
    final List<String> topicNames;
    final Map<Language, TopicModel> models;
    final Map<Language, Integer> topicOffset;
    final ObjectNode json;
    final TextScorer scorer;

    Outcome(
        List<Row> rows,
        List<TextScorer.Scored> scored,
        int[] topic,
        List<String> topicNames,
        Map<Language, TopicModel> models,
        Map<Language, Integer> topicOffset,
        ObjectNode json,
        TextScorer scorer) {
      this.rows = rows;
      this.scored = scored;
      this.topic = topic;
      this.topicNames = topicNames;
      this.models = models;
      this.topicOffset = topicOffset;
      this.json = json;
      this.scorer = scorer;
    }

    /** Adds every text's signal to its customer's profile (customers without one are skipped). */
    public void addTo(ProfileTable profiles) {
      for (int i = 0; i < rows.size(); i++) {
        CustomerProfile p = profiles.get(new CustomerId(rows.get(i).customerId()));
        if (p != null) {
          TextScorer.Scored s = scored.get(i);
          p.add(
              new TextSignal(
                  p.customerId(),
                  rows.get(i).at(),
                  s.sentiment(),
                  s.complaint().complaint(),
                  topic[i]));
        }
      }
    }
  }

  private TextStage() {}

  /**
   * Scores the texts of consenting customers; null when the run has no text.
   *
   * @param options the {@code text:} block, parsed before any data was read
   * @param lexicons the lexicons {@code options} or the environment name ({@link Lexicons#load}),
   *     read before any data was
   * @param log where a missing lexicon is reported, one line per language that has texts
   */
  public static Outcome score(
      TextOptions options, Lexicons lexicons, Store store, Set<String> excluded, PrintWriter log) {
    return score(options, lexicons, read(store, excluded), log);
  }

  /**
   * The texts {@link #score} scores, read from the store (on the thread that owns its connection),
   * so that the scoring, which reads nothing more, can run on another thread.
   */
  public static final class Texts {
    private final List<Row> rows;

    private Texts(List<Row> rows) {
      this.rows = rows;
    }

    /** How many texts were read. */
    public int size() {
      return rows.size();
    }
  }

  /** The non-blank review and interaction texts of the customers not excluded. */
  public static Texts read(Store store, Set<String> excluded) {
    return new Texts(readRows(store, excluded));
  }

  /**
   * Scores texts already read ({@link #read}); null when there are none. Touches neither the store
   * nor anything of the run's but {@code log}.
   */
  public static Outcome score(
      TextOptions options, Lexicons lexicons, Texts texts, PrintWriter log) {
    List<Row> rows = texts.rows;
    if (rows.isEmpty()) {
      return null;
    }
    ObjectNode json = RunOutputs.JSON.createObjectNode();
    json.put("format_version", 1);
    TextTokens tokens = new TextTokens(options.userDictionary());
    TextScorer scorer = new TextScorer(tokens, lexicons, null);
    ObjectNode methods = json.putObject("methods");
    ObjectNode lexicon = methods.putObject("lexicon");
    lexicon.put("en", lexicons.describe(Language.EN));
    lexicon.put("ko", lexicons.describe(Language.KO));
    lexicon.put("thresholds", "positive >= 0.05, negative <= -0.05 (VADER's)");
    // each distinct text is analysed once (Nori's search is the costly step), on every core: the
    // classifier trains on the rated reviews' full views, every text's is scored below, and its
    // content words go to the topics. Equal texts (a shop's stock phrases, "Great!") share one
    // analysis and one score: both are functions of the text alone
    int[] distinctOf = new int[rows.size()];
    List<String> distinct = distinctTexts(rows, distinctOf);
    List<TextTokens.Analysed> distinctAnalysed =
        distinct.parallelStream().map(tokens::analyse).toList();
    List<TextTokens.Analysed> analysed =
        IntStream.range(0, rows.size()).mapToObj(i -> distinctAnalysed.get(distinctOf[i])).toList();
    SentimentClassifier classifier =
        TextClassifierStep.train(
            options, rows, analysed, tokens, scorer, methods.putObject("classifier"));
    if (classifier != null) {
      scorer = scorer.withClassifier(classifier);
    }
    TextScorer finalScorer = scorer;
    List<TextScorer.Scored> distinctScored =
        IntStream.range(0, distinct.size())
            .parallel()
            .mapToObj(d -> finalScorer.score(distinct.get(d), distinctAnalysed.get(d)))
            .toList();
    List<TextScorer.Scored> scored =
        IntStream.range(0, rows.size()).mapToObj(i -> distinctScored.get(distinctOf[i])).toList();
    putMissingLexicons(lexicon.putArray("missing"), lexicons, scored, classifier != null, log);

    int[] topic = new int[rows.size()];
    java.util.Arrays.fill(topic, -1);
    Map<Language, TopicModel> models = new TreeMap<>();
    Map<Language, Integer> offset = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (Language lang : Language.values()) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (scored.get(i).language() == lang) {
          idx.add(i);
        }
      }
      if (idx.size() < MIN_TOPIC_DOCS) {
        continue;
      }
      List<List<String>> docs = idx.stream().map(i -> analysed.get(i).topicTerms()).toList();
      TopicModel m = TopicModel.fit(docs, TopicModel.Options.defaults());
      if (m.topics().isEmpty()) {
        continue;
      }
      offset.put(lang, names.size());
      models.put(lang, m);
      for (TopicModel.Topic t : m.topics()) {
        names.add(lang.code() + "-" + t.id());
      }
      for (int d = 0; d < idx.size(); d++) {
        int t = m.topicOf(d);
        topic[idx.get(d)] = t < 0 ? -1 : offset.get(lang) + t;
      }
    }
    return new Outcome(rows, scored, topic, names, models, offset, json, scorer);
  }

  /**
   * The distinct texts of {@code rows} in the order they first occur; {@code distinctOf[i]} is set
   * to the index of row i's text among them.
   */
  static List<String> distinctTexts(List<Row> rows, int[] distinctOf) {
    Map<String, Integer> index = new java.util.HashMap<>();
    List<String> distinct = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      String t = rows.get(i).text();
      Integer d = index.putIfAbsent(t, distinct.size());
      if (d == null) {
        d = distinct.size();
        distinct.add(t);
      }
      distinctOf[i] = d;
    }
    return distinct;
  }

  /**
   * One entry, and one console line, per language that has texts but no lexicon: which lexicon, how
   * many texts, what they get instead and how to supply it (never silent).
   */
  private static void putMissingLexicons(
      ArrayNode missing,
      Lexicons lexicons,
      List<TextScorer.Scored> scored,
      boolean classifier,
      PrintWriter log) {
    Map<Language, Integer> texts = new TreeMap<>();
    scored.forEach(s -> texts.merge(s.language(), 1, Integer::sum));
    for (Language lang : lexicons.missing(texts.keySet())) {
      String name = lang == Language.EN ? "English" : "Korean";
      String effect =
          classifier
              ? "no lexicon score (texts.csv keeps the classifier's sentiment; no lexicon accuracy"
                  + " beside the classifier's)"
              : "no sentiment (no classifier was trained either)";
      ObjectNode n = missing.addObject();
      n.put("language", lang.code());
      n.put("lexicon", Lexicons.name(lang));
      n.put("texts", texts.get(lang));
      n.put("effect", effect);
      n.put("supply", Lexicons.supply(lang));
      log.printf(
          Locale.ROOT,
          "texts: no %s sentiment lexicon (%s): %,d %s texts get %s; to add it, %s%n",
          name,
          Lexicons.name(lang),
          texts.get(lang),
          name,
          classifier ? "no lexicon score" : "no sentiment",
          Lexicons.supply(lang));
    }
    log.flush();
  }

  /** The non-blank review and interaction texts of the customers not excluded. */
  private static List<Row> readRows(Store store, Set<String> excluded) {
    List<Row> rows = new ArrayList<>();
    StoreRecords records = new StoreRecords(store, excluded);
    try (Stream<Review> reviews = records.reviews();
        Stream<Interaction> interactions = records.interactions()) {
      reviews
          .filter(r -> r.text() != null && !r.text().isBlank())
          .forEach(
              r ->
                  rows.add(
                      new Row(
                          r.reviewId(),
                          "review",
                          r.customerId().value(),
                          r.createdAt(),
                          r.text(),
                          r.rating())));
      interactions
          .filter(r -> r.text() != null && !r.text().isBlank())
          .forEach(
              r ->
                  rows.add(
                      new Row(
                          r.interactionId(),
                          "interaction",
                          r.customerId().value(),
                          r.occurredAt(),
                          r.text(),
                          null)));
    }
    return rows;
  }

  /**
   * Writes texts.csv and models/text.json, with per-segment sentiment and topics when {@code
   * segmentOf} maps customers to segment names.
   *
   * @return each segment's {@code text} section of segments.json, by segment id (empty without
   *     segments), for the caller to write segments.json once
   */
  public static Map<String, ObjectNode> write(
      Outcome o,
      Path out,
      Map<String, String> segmentOf,
      ChurnStage.Outcome churn,
      TesseraConfig config,
      Store store,
      Set<String> excluded,
      LocalDate asOf)
      throws IOException {
    if (churn != null && churn.status().equals("fitted")) {
      compareChurn(o, config, store, excluded, asOf, churn.timeSplit());
    }
    writeCsv(o, out);
    ObjectNode json = o.json;
    json.put("texts", o.rows.size());
    int complaints = 0;
    for (TextScorer.Scored s : o.scored) {
      complaints += s.complaint().complaint() ? 1 : 0;
    }
    json.put("complaints", complaints);
    ArrayNode complaintExamples = json.putArray("complaint_examples");
    for (int i = 0; i < o.rows.size() && complaintExamples.size() < 3; i++) {
      if (o.scored.get(i).complaint().complaint()) {
        complaintExamples.add(TextMask.mask(o.rows.get(i).text()));
      }
    }
    json.put(
        "complaint_rule",
        "a complaint term and a negative sentiment (<= -0.05), or two distinct complaint terms");
    json.put(
        "language_rule",
        "Korean when Hangul is at least "
            + Language.HANGUL_SHARE
            + " of the letters, else English");
    putTopics(o, json);
    ObjectNode choice = json.putObject("topic_selection");
    choice.put(
        "rule",
        "NMF (Lee & Seung 2001) on TF-IDF, one fit per k from an NNDSVDa start (Boutsidis &"
            + " Gallopoulos 2008), k in [2, 10] with the highest mean NPMI coherence of the top 10"
            + " words");
    for (Map.Entry<Language, TopicModel> e : o.models.entrySet()) {
      ObjectNode c = choice.putObject(e.getKey().code());
      new TreeMap<>(e.getValue().coherenceByK()).forEach((k, v) -> put(c, k.toString(), v));
    }
    Map<String, ObjectNode> bySegment = Map.of();
    if (segmentOf != null && !segmentOf.isEmpty()) {
      bySegment = perSegment(o, segmentOf);
      ObjectNode seg = json.putObject("segments");
      bySegment.forEach(seg::set);
    }
    Files.createDirectories(out.resolve("models"));
    RunOutputs.JSON.writeValue(out.resolve("models/text.json").toFile(), json);
    // and beside each segment in segments.json, which the caller writes
    return bySegment;
  }

  /** texts.csv: one row per text, its scores and topic, the text masked. */
  private static void writeCsv(Outcome o, Path out) throws IOException {
    try (CsvOutput w = CsvOutput.open(out.resolve("texts.csv"), COLUMNS)) {
      for (int i = 0; i < o.rows.size(); i++) {
        Row r = o.rows.get(i);
        TextScorer.Scored s = o.scored.get(i);
        SentimentLabel label = s.label();
        w.text(r.id())
            .text(r.source())
            .text(r.customerId())
            .text(s.language().code())
            .number(Double.isNaN(s.sentiment()) ? "" : fmt(s.sentiment()))
            .text(label == null ? "" : label.wireName())
            .text(s.method().name().toLowerCase(Locale.ROOT))
            .number(s.complaint().complaint() ? "1" : "0")
            .text(String.join(" ", s.complaint().triggers()))
            .text(o.topic[i] < 0 ? "" : o.topicNames.get(o.topic[i]))
            .text(TextMask.mask(r.text()));
        w.endRow();
      }
    }
  }

  /** models/text.json's topics: words, size, mean sentiment and masked examples. */
  private static void putTopics(Outcome o, ObjectNode json) {
    ArrayNode topics = json.putArray("topics");
    for (Map.Entry<Language, TopicModel> e : o.models.entrySet()) {
      TopicModel m = e.getValue();
      int base = o.topicOffset.get(e.getKey());
      for (TopicModel.Topic t : m.topics()) {
        ObjectNode n = topics.addObject();
        int id = base + t.id();
        n.put("topic", o.topicNames.get(id));
        n.put("language", e.getKey().code());
        n.putPOJO("words", t.words());
        n.put("size", t.size());
        put(n, "mean_sentiment", meanSentiment(o, i -> o.topic[i] == id));
        ArrayNode ex = n.putArray("examples");
        exampleRows(o, id).forEach(i -> ex.add(TextMask.mask(o.rows.get(i).text())));
      }
    }
  }

  /**
   * Does text help predict churn? The churn stage's time split (features as of as-of minus 90 days,
   * label: no completed order in the 90 days after), trained by core's {@code ChurnTrainer} with
   * its default models and 5-fold CV, once on the churn model's default features and once with the
   * text fields added; the CV ROC-AUC of both and their difference go to {@code models/text.json}
   * under {@code churn_with_text}. When the churn stage trained the same split ({@code trained}),
   * its cut-off profiles, customers and orders are reused (copied, then the texts added) instead of
   * read and folded again, and when it also trained the same features with the same options, its CV
   * ROC-AUC is the "without" figure instead of a second identical training.
   */
  private static void compareChurn(
      Outcome o,
      TesseraConfig config,
      Store store,
      Set<String> excluded,
      LocalDate asOf,
      ChurnTimeSplit trained) {
    ObjectNode node = o.json.putObject("churn_with_text");
    List<String> base = ChurnSettings.DEFAULT_TIME_SPLIT_FEATURES;
    List<String> added =
        List.of("texts", "sentiment_mean", "text_complaints", "text_complaint_share");
    node.putPOJO("features", base);
    node.putPOJO("text_features", added);
    try {
      ZoneId zone = config.timezone();
      ChurnLabels split = ChurnLabels.endingAt(asOf, 90);
      LocalDate cutoff = split.cutoff();
      Instant until = cutoff.plusDays(1).atStartOfDay(zone).toInstant();
      boolean sameSplit = trained != null && trained.split().equals(split);
      List<Order> orders;
      List<Customer> customers;
      ProfileTable profiles;
      if (sameSplit) {
        orders = trained.orders();
        customers = trained.customers();
        profiles = trained.profiles();
      } else {
        StoreRecords records = new StoreRecords(store, excluded);
        try (Stream<Order> os = records.orders();
            Stream<Customer> cs = records.customers()) {
          orders = os.toList();
          customers = cs.toList();
        }
        try (var items = records.items();
            var events = records.profileEvents(until);
            var interactions = records.interactions();
            var reviews = records.reviews()) {
          profiles =
              ProfileFold.fold(
                  new ProfileFold.Inputs(orders.stream(), items, events, interactions, reviews),
                  ProfileFold.Options.defaults()
                      .withSettings(config.profileSettings())
                      .withUntil(until));
        }
      }
      // the churn stage's profiles are shared: a customer's is copied before a text is added
      Map<CustomerProfile, CustomerProfile> copies = new IdentityHashMap<>();
      for (int i = 0; i < o.rows.size(); i++) {
        Row r = o.rows.get(i);
        CustomerProfile p = profiles.get(new CustomerId(r.customerId()));
        if (p != null && r.at().isBefore(until)) {
          if (sameSplit) {
            p = copies.computeIfAbsent(p, q -> q.copyAs(q.customerId()));
          }
          TextScorer.Scored s = o.scored.get(i);
          p.add(
              new TextSignal(
                  p.customerId(), r.at(), s.sentiment(), s.complaint().complaint(), o.topic[i]));
        }
      }
      if (sameSplit) {
        profiles = withCopies(profiles, copies);
      }
      double without =
          sameSplit
                  && trained.settings().timeSplitFeatures().equals(base)
                  && trained.settings().trainerOptions().equals(ChurnTrainer.Options.defaults(42))
              ? trained.cvRocAuc()
              : cvRocAuc(profiles, customers, base, cutoff, split, orders, zone);
      List<String> with = new ArrayList<>(base);
      with.addAll(added);
      double withText = cvRocAuc(profiles, customers, with, cutoff, split, orders, zone);
      put(node, "cv_roc_auc_without", without);
      put(node, "cv_roc_auc_with", withText);
      put(node, "difference", withText - without);
    } catch (IllegalArgumentException | IllegalStateException e) {
      node.put("status", "not compared: " + e.getMessage());
    }
  }

  /**
   * {@code t} with some profiles replaced by their copies (the customers who wrote before the
   * cut-off): copying only those, not every profile, keeps a second full set of profiles out of the
   * heap (issue 14).
   */
  private static ProfileTable withCopies(
      ProfileTable t, Map<CustomerProfile, CustomerProfile> copies) {
    List<CustomerProfile> profiles = new ArrayList<>(t.size());
    for (int i = 0; i < t.size(); i++) {
      profiles.add(copies.getOrDefault(t.profile(i), t.profile(i)));
    }
    return ProfileTable.of(profiles, t.settings());
  }

  private static double cvRocAuc(
      ProfileTable profiles,
      List<Customer> customers,
      List<String> names,
      LocalDate cutoff,
      ChurnLabels split,
      List<Order> orders,
      ZoneId zone) {
    FeatureMatrix m = FeatureMatrix.build(profiles, customers, names, cutoff);
    List<Integer> rows = new ArrayList<>();
    List<CustomerId> ids = new ArrayList<>();
    for (int i = 0; i < m.rows(); i++) {
      CustomerProfile p = profiles.get(m.id(i));
      if (p != null && ChurnFeatures.Profile.scores(p.values(cutoff))) {
        rows.add(i);
        ids.add(m.id(i));
      }
    }
    ChurnData data =
        ChurnData.of(m, null)
            .subset(rows.stream().mapToInt(Integer::intValue).toArray())
            .withLabels(split.churned(ids, orders, zone));
    return ChurnTrainer.cvRocAuc(data, ChurnTrainer.Options.defaults(42));
  }

  /** Per segment id: texts, mean sentiment, complaint share and the three largest topics. */
  private static Map<String, ObjectNode> perSegment(Outcome o, Map<String, String> segmentOf) {
    Map<String, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < o.rows.size(); i++) {
      String s = segmentOf.get(o.rows.get(i).customerId());
      if (s != null) {
        members.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, ObjectNode> out = new TreeMap<>();
    for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
      Set<Integer> in = Set.copyOf(e.getValue());
      ObjectNode n = RunOutputs.JSON.createObjectNode();
      n.put("texts", in.size());
      put(n, "mean_sentiment", meanSentiment(o, in::contains));
      long c = in.stream().filter(i -> o.scored.get(i).complaint().complaint()).count();
      put(n, "complaint_share", (double) c / in.size());
      Map<Integer, Integer> counts = new TreeMap<>();
      in.forEach(i -> counts.merge(o.topic[i], 1, Integer::sum));
      ArrayNode top = n.putArray("top_topics");
      counts.entrySet().stream()
          .filter(x -> x.getKey() >= 0)
          .sorted(
              Map.Entry.<Integer, Integer>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .limit(3)
          .forEach(
              x -> {
                ObjectNode t = top.addObject();
                t.put("topic", o.topicNames.get(x.getKey()));
                t.putPOJO("words", wordsOf(o, x.getKey()));
                put(t, "share", (double) x.getValue() / in.size());
              });
      out.put(e.getKey(), n);
    }
    return out;
  }

  private static List<String> wordsOf(Outcome o, int topicId) {
    for (Map.Entry<Language, TopicModel> e : o.models.entrySet()) {
      int local = topicId - o.topicOffset.get(e.getKey());
      if (local >= 0 && local < e.getValue().topics().size()) {
        return e.getValue().topics().get(local).words().subList(0, 5);
      }
    }
    return List.of();
  }

  /** The first three texts of a topic, in input order. */
  private static List<Integer> exampleRows(Outcome o, int topicId) {
    return java.util.stream.IntStream.range(0, o.rows.size())
        .filter(i -> o.topic[i] == topicId)
        .limit(3)
        .boxed()
        .toList();
  }

  /** A figure, or null when it is undefined (JSON has no NaN). */
  static void put(ObjectNode n, String key, double v) {
    if (Double.isNaN(v)) {
      n.putNull(key);
    } else {
      n.put(key, Math.round(v * 10_000) / 10_000.0);
    }
  }

  private static double meanSentiment(Outcome o, java.util.function.IntPredicate in) {
    double s = 0;
    int n = 0;
    for (int i = 0; i < o.rows.size(); i++) {
      double v = o.scored.get(i).sentiment();
      if (in.test(i) && !Double.isNaN(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 10_000) / 10_000.0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
