package io.tessera.pipeline.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.text.LabelledTexts;
import io.tessera.text.SentimentClassifier;
import io.tessera.text.SentimentLabel;
import io.tessera.text.TextOptions;
import io.tessera.text.TextScorer;
import io.tessera.text.TextTokens;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text stage's classifier: trained on {@code text.labelled}, else on the reviews' star ratings
 * (from the stage's own analyses of them), with its nested CV, the lexicon's accuracy on the same
 * texts and the fitted model written to {@code models/text.json}'s {@code methods.classifier}.
 */
final class TextClassifierStep {
  // rated reviews of each polarity needed for weak labels
  private static final int MIN_WEAK_LABELS = 50;

  private TextClassifierStep() {}

  /**
   * Trains the classifier, or returns null (with the reason in {@code node}) when there are no
   * labels.
   *
   * @param analysed each row's analysis by {@code tokens}
   */
  static SentimentClassifier train(
      TextOptions options,
      List<TextStage.Row> rows,
      List<TextTokens.Analysed> analysed,
      TextTokens tokens,
      TextScorer lexicons,
      ObjectNode node) {
    List<SentimentClassifier.Labelled> labelled = new ArrayList<>();
    // the rated reviews' analyses, by labelled text (null for a labelled file: analysed in
    // training)
    Map<SentimentClassifier.Labelled, TextTokens.Analysed> analysis = new IdentityHashMap<>();
    String source;
    if (options.labelled() != null) {
      try {
        labelled = LabelledTexts.read(options.labelled());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("text.labelled", e.getMessage(), e);
      }
      source = "text.labelled: " + options.labelled().getFileName();
    } else if (options.ratingLabels()) {
      for (int i = 0; i < rows.size(); i++) {
        TextStage.Row r = rows.get(i);
        if (r.rating() != null && r.rating() != 3) {
          SentimentClassifier.Labelled l =
              new SentimentClassifier.Labelled(r.text(), r.rating() >= 4 ? 1 : 0);
          labelled.add(l);
          analysis.put(l, analysed.get(i));
        }
      }
      source = "review star ratings (4-5 positive, 1-2 negative, 3 left out)";
      long pos = labelled.stream().filter(l -> l.label() == 1).count();
      if (pos < MIN_WEAK_LABELS || labelled.size() - pos < MIN_WEAK_LABELS) {
        node.put(
            "status",
            "not trained: fewer than "
                + MIN_WEAK_LABELS
                + " rated reviews of each polarity; the lexicon scores every text");
        return null;
      }
    } else {
      node.put("status", "not trained: no text.labelled file and text.rating_labels is false");
      return null;
    }
    SentimentClassifier.Options o = SentimentClassifier.Options.defaults();
    long t0 = System.nanoTime();
    // the reported figures come from a capped sample: the nested CV costs 5 x (9 + 1) fits
    List<SentimentClassifier.Labelled> cvTexts =
        SentimentClassifier.stratifiedSample(labelled, options.cvMaxTexts(), o.seed());
    SentimentClassifier.CvReport cv =
        SentimentClassifier.crossValidate(cvTexts, termsOf(cvTexts, analysis), tokens, o, 5);
    SentimentClassifier c =
        SentimentClassifier.fit(labelled, termsOf(labelled, analysis), tokens, o)
            .withLabels(source);
    node.put("status", "trained");
    node.put("method", SentimentClassifier.METHOD);
    node.put("labels", source);
    node.put("texts", labelled.size());
    node.put("max_char", c.choice().maxChar());
    node.put("lambda", c.choice().lambda());
    node.put(
        "selection_rule",
        "best accuracy of a stratified "
            + SentimentClassifier.INNER_FOLDS
            + "-fold inner CV over the penalties "
            + o.lambdas()
            + ", the NB-LR, naive Bayes and term naive Bayes log-odds stacked by a logistic"
            + " regression on that CV's out-of-fold scores, seed "
            + o.seed());
    putCv(node.putObject("cv"), cv, options, labelled.size());
    putLexiconAccuracy(node.putObject("lexicon_on_labelled"), cvTexts, analysis, lexicons);
    node.set("model", c.toJson());
    node.put("seconds", TextStage.round((System.nanoTime() - t0) / 1e9));
    return c;
  }

  private static void putCv(
      ObjectNode cvNode, SentimentClassifier.CvReport cv, TextOptions options, int labelled) {
    cvNode.put("folds", cv.folds());
    cvNode.put("texts", cv.texts());
    cvNode.put(
        "sample_rule",
        "nested CV on a stratified sample of at most text.cv_max_texts = "
            + options.cvMaxTexts()
            + " labelled texts (all when fewer); the classifier is fitted on all "
            + labelled);
    cvNode.put("accuracy", TextStage.round(cv.accuracy()));
    cvNode.put("f1", TextStage.round(cv.f1()));
    cvNode.put("brier", TextStage.round(cv.brier()));
    ArrayNode cal = cvNode.putArray("calibration");
    for (ChurnMetrics.CalibrationBin b : cv.calibration()) {
      cal.addPOJO(b);
    }
  }

  /** The full views of {@code texts} from their analyses, or null when they were not analysed. */
  private static List<List<String>> termsOf(
      List<SentimentClassifier.Labelled> texts,
      Map<SentimentClassifier.Labelled, TextTokens.Analysed> analysis) {
    if (analysis.isEmpty()) {
      return null;
    }
    return texts.stream().map(l -> analysis.get(l).terms()).toList();
  }

  /** The lexicon method on the same texts, beside the classifier (a neutral score counts wrong). */
  private static void putLexiconAccuracy(
      ObjectNode lex,
      List<SentimentClassifier.Labelled> cvTexts,
      Map<SentimentClassifier.Labelled, TextTokens.Analysed> analysis,
      TextScorer lexicons) {
    int right = 0;
    int scored = 0;
    for (SentimentClassifier.Labelled l : cvTexts) {
      TextTokens.Analysed a = analysis.get(l);
      double v = a == null ? lexicons.lexicon(l.text()) : lexicons.lexicon(l.text(), a);
      if (!Double.isNaN(v)) {
        scored++;
        SentimentLabel label = SentimentLabel.of(v);
        if (label != SentimentLabel.NEUTRAL
            && (label == SentimentLabel.POSITIVE ? 1 : 0) == l.label()) {
          right++;
        }
      }
    }
    lex.put("texts", scored);
    TextStage.put(lex, "accuracy", scored == 0 ? Double.NaN : (double) right / scored);
  }
}
