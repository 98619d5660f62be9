package io.tessera.report;

import static io.tessera.report.ReportChecks.requireCount;
import static io.tessera.report.ReportChecks.requireText;

import java.util.List;

/**
 * The text parts of a {@link ReportModel} (issue 11): how sentiment was measured and how well, the
 * complaints, the topics and each segment's sentiment. Declared here, like {@link RecommendParts},
 * to keep the model's own file to the data, the segments and the map.
 */
public interface TextParts {
  /**
   * What customers write (models/text.json).
   *
   * @param texts review and interaction texts scored
   * @param complaints texts detected as complaints
   * @param methods each sentiment method and its accuracy on the labelled texts
   * @param complaintExamples up to three complaint texts, masked
   * @param topics the topics of each language
   * @param segments each segment's texts, sentiment and top topics
   */
  public record Texts(
      long texts,
      long complaints,
      List<TextMethod> methods,
      List<String> complaintExamples,
      List<TextTopic> topics,
      List<SegmentTexts> segments) {
    public Texts {
      requireCount(texts, "texts");
      requireCount(complaints, "complaints");
      if (complaints > texts) {
        throw new IllegalArgumentException(
            "report: " + complaints + " complaints among " + texts + " texts");
      }
      methods = List.copyOf(methods);
      complaintExamples = List.copyOf(complaintExamples);
      topics = List.copyOf(topics);
      segments = List.copyOf(segments);
    }
  }

  /**
   * A sentiment method's accuracy on labelled texts (null when it was not measured).
   *
   * @param method classifier or lexicon
   * @param labelled labelled texts it was measured on
   * @param accuracy share right (a lexicon's neutral counts as wrong)
   * @param f1 F1 of the positive label (null for a lexicon)
   */
  public record TextMethod(String method, long labelled, Double accuracy, Double f1) {
    public TextMethod {
      requireText(method, "text method");
      requireCount(labelled, method + " labelled texts");
    }
  }

  /** One topic: its words, texts, mean sentiment (null without scores) and masked examples. */
  public record TextTopic(
      String topic,
      String language,
      List<String> words,
      long size,
      Double meanSentiment,
      List<String> examples) {
    public TextTopic {
      requireText(topic, "topic");
      requireCount(size, "topic " + topic + " size");
      words = List.copyOf(words);
      examples = List.copyOf(examples);
    }
  }

  /** A segment's texts, their mean sentiment and complaint share, and its largest topics. */
  public record SegmentTexts(
      String segmentId,
      long texts,
      Double meanSentiment,
      double complaintShare,
      List<String> topTopics) {
    public SegmentTexts {
      requireText(segmentId, "segment id");
      requireCount(texts, segmentId + " texts");
      ReportChecks.requireFraction(complaintShare, segmentId + " complaint share");
      topTopics = List.copyOf(topTopics);
    }
  }
}
