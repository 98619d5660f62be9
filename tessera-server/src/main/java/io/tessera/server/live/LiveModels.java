package io.tessera.server.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.segment.live.NearestCentroid;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.server.http.Json;
import io.tessera.store.StoreException;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import io.tessera.text.EventText;
import io.tessera.text.Lexicons;
import io.tessera.text.SentimentClassifier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The models memberships are evaluated with: the RFM quintiles, refitted on the live profiles (the
 * batch retrain of the hybrid: the model changes rarely, memberships follow each event), and the
 * nearest-centroid clustering and the text classifier of a batch run. Each is saved when it
 * changes, so a restart keeps it. Set on the writer thread; read anywhere.
 */
final class LiveModels {
  /** Fewest buyers the RFM quintiles are fitted on. */
  static final int MIN_RFM_BUYERS = 5;

  private volatile RfmModel rfm;
  // the last trained clustering (a run's models/clustering.json), or null
  private volatile NearestCentroid clustering;
  // event texts' scorer: a run's text classifier (models/text.json), else the lexicons
  private volatile EventText text;
  // the server's lexicons (LiveEngine.Options), beside a run's classifier or in its place
  private final Lexicons lexicons;

  LiveModels(Lexicons lexicons) {
    this.lexicons = lexicons;
    this.text = EventText.lexiconOnly(lexicons);
  }

  RfmModel rfm() {
    return rfm;
  }

  NearestCentroid clustering() {
    return clustering;
  }

  EventText text() {
    return text;
  }

  /** Replaces the models with the latest saved ones (none when none was saved). */
  void load(LiveReader store) {
    rfm = null;
    clustering = null;
    text = EventText.lexiconOnly(lexicons);
    String r = store.latestModel("rfm");
    if (r != null) {
      try {
        rfm = Json.MAPPER.readValue(r, RfmModel.class);
      } catch (JsonProcessingException e) {
        throw new StoreException("the stored RFM model is unreadable: " + e.getMessage(), e);
      }
    }
    String c = store.latestModel("clustering");
    if (c != null) {
      try {
        clustering = NearestCentroid.fromJson(c);
      } catch (IllegalArgumentException e) {
        throw new StoreException("the stored clustering model is unreadable: " + e.getMessage(), e);
      }
    }
    String t = store.latestModel("text");
    if (t != null) {
      try {
        text = EventText.of(SentimentClassifier.fromJson(Json.MAPPER.readTree(t)), lexicons);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new StoreException("the stored text classifier is unreadable: " + e.getMessage(), e);
      }
    }
  }

  /**
   * RFM quintiles fitted on the profiles of every customer with a completed order as of {@code
   * day}, or null when there are fewer than {@link #MIN_RFM_BUYERS}.
   */
  static RfmModel fitRfm(Iterable<CustomerProfile> profiles, LocalDate day) {
    List<double[]> rows = new ArrayList<>();
    for (CustomerProfile p : profiles) {
      double[] v;
      synchronized (p) {
        v = p.values(day);
      }
      if (v[ProfileField.FREQUENCY.ordinal()] >= 1) {
        rows.add(v);
      }
    }
    if (rows.size() < MIN_RFM_BUYERS) {
      return null;
    }
    double[] r = new double[rows.size()];
    double[] f = new double[rows.size()];
    double[] m = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      r[i] = rows.get(i)[ProfileField.RECENCY_DAYS.ordinal()];
      f[i] = rows.get(i)[ProfileField.FREQUENCY.ordinal()];
      m[i] = rows.get(i)[ProfileField.MONETARY.ordinal()];
    }
    return RfmModel.fit(r, f, m);
  }

  /** Saves and uses an RFM model (in the writer's open transaction). */
  void useRfm(RfmModel m, Instant at, LiveWriter writer) {
    writer.saveModel("rfm", at, Json.MAPPER.valueToTree(m).toString());
    rfm = m;
  }

  /** Saves and uses a run's text classifier (its JSON as the run wrote it). */
  void useText(SentimentClassifier c, String json, Instant at, LiveWriter writer) {
    writer.saveModel("text", at, json);
    text = EventText.of(c, lexicons);
  }

  /** Saves and uses a run's clustering (its JSON as the run wrote it). */
  void useClustering(NearestCentroid m, String json, Instant at, LiveWriter writer) {
    writer.saveModel("clustering", at, json);
    clustering = m;
  }
}
