package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.privacy.PersonalData;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.segment.live.NearestCentroid;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.ApiException;
import io.tessera.server.message.Records;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.Store;
import io.tessera.store.StoreException;
import io.tessera.store.live.AccessTables;
import io.tessera.store.live.Checkpoints;
import io.tessera.store.live.LiveGroup;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.LiveWriter;
import io.tessera.store.live.MembershipChange;
import io.tessera.store.live.WebhookDelivery;
import io.tessera.text.Lexicons;
import io.tessera.text.SentimentClassifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The live engine. One writer thread owns all changes ({@link GroupWriter}): it takes the waiting
 * requests together (a group commit of up to {@link Options#maxBatch()} messages), folds their
 * records into the customers' {@link CustomerProfile}s (the same aggregators as the batch fold),
 * re-evaluates the touched customers' memberships, and writes the messages, records, membership
 * changes and webhook deliveries in one transaction. Only after the commit are the requests
 * acknowledged.
 *
 * <p>This class is the engine's API; each job is a part of its own: {@link MessageFold} applies
 * messages, {@link Identities} links anonymous visitors to customers, {@link LiveProfiles} holds
 * the profiles, {@link CartTimers} the cart-abandonment trigger, {@link Memberships} evaluates
 * rules, RFM groups and the nearest cluster, {@link LiveModels} refits and keeps the models, {@link
 * WebhookQueue} decides and hands on the deliveries.
 *
 * <p>On start, the state is rebuilt from the store ({@link LiveReader}): profiles by the batch
 * fold, memberships from the change log, rules, identities, timers. So a hard stop loses nothing
 * that was acknowledged.
 */
public final class LiveEngine implements AutoCloseable {

  /**
   * Engine settings.
   *
   * @param baseCurrency the currency of order amounts (others are refused)
   * @param settings the profiles' day zone and session gap
   * @param maxBatch most messages per group commit
   * @param cartAbandonAfter an add_to_cart with no purchase within this time fires cart.abandoned
   * @param tick how often timers and the day change are checked
   * @param privacy what of traits, properties and ids may be stored (core's rule)
   * @param lexicons the sentiment lexicons event texts are scored with when no run's classifier is
   *     loaded (and for their lexicon score beside it); none by default
   */
  public record Options(
      String baseCurrency,
      ProfileSettings settings,
      int maxBatch,
      Duration cartAbandonAfter,
      Duration tick,
      PersonalData privacy,
      Lexicons lexicons) {
    public static Options defaults() {
      return new Options(
          "USD",
          ProfileSettings.DEFAULT,
          20_000,
          Duration.ofMinutes(30),
          Duration.ofSeconds(1),
          PersonalData.of(null, null, null),
          Lexicons.NONE);
    }

    public Options withTick(Duration d) {
      return new Options(baseCurrency, settings, maxBatch, cartAbandonAfter, d, privacy, lexicons);
    }

    public Options withCartAbandonAfter(Duration d) {
      return new Options(baseCurrency, settings, maxBatch, d, tick, privacy, lexicons);
    }

    public Options withBaseCurrency(String c) {
      return new Options(c, settings, maxBatch, cartAbandonAfter, tick, privacy, lexicons);
    }

    public Options withPrivacy(PersonalData p) {
      return new Options(baseCurrency, settings, maxBatch, cartAbandonAfter, tick, p, lexicons);
    }

    /** Profiles count days and sessions by {@code s} (a configuration's zone, as batch does). */
    public Options withSettings(ProfileSettings s) {
      return new Options(baseCurrency, s, maxBatch, cartAbandonAfter, tick, privacy, lexicons);
    }

    /** Event texts are scored with {@code l} when no run's classifier is loaded. */
    public Options withLexicons(Lexicons l) {
      return new Options(baseCurrency, settings, maxBatch, cartAbandonAfter, tick, privacy, l);
    }
  }

  /** What a request's messages did. */
  public record IngestResult(int accepted, int duplicates) {}

  /** A read-only view of one customer. */
  public record CustomerView(
      String customerId,
      LocalDate asOf,
      Map<String, Double> profile,
      List<String> segments,
      RfmModel.Score rfm,
      List<String> anonymousIds) {}

  /** One segment of the live catalog. */
  public record SegmentView(String id, String kind, String name, String expression, int size) {}

  private final Options options;
  private final Clock clock;
  private final LiveReader reader;
  private final LiveWriter writer;
  private final LiveProfiles profiles;
  private final LiveModels models;
  private final Identities identities;
  private final CartTimers timers;
  private final Memberships memberships;
  private final MessageFold fold;
  private final WebhookQueue webhooks;
  private final GroupWriter groups;
  // the engine's log and the thread that writes it into DuckDB behind the acknowledgements
  private final LogApplier applier;
  private final Store store;
  // checkpoints the store off the group commit's path (null for a store in memory or before start)
  private volatile Checkpoints checkpoints;

  public LiveEngine(Store store, Options options, Clock clock, Webhooks webhooks) {
    this.options = options;
    this.clock = clock;
    this.store = store;
    this.reader = new LiveReader(store);
    this.writer = new LiveWriter(store);
    this.profiles = new LiveProfiles(options.settings());
    this.models = new LiveModels(options.lexicons());
    this.identities = new AnonymousLinks(options.baseCurrency());
    this.timers = new CartTimers(options.cartAbandonAfter());
    this.memberships = new Memberships(profiles, models, options.settings(), clock);
    this.fold = new MessageFold(options.baseCurrency(), profiles, identities, timers);
    this.webhooks = new WebhookQueue(webhooks);
    try {
      LiveSchema.create(store);
      // the acknowledged groups the store does not hold yet go in before the state is loaded
      this.applier = LogApplier.open(store, writer, this.webhooks);
    } catch (StoreException e) {
      throw new IllegalStateException(
          "cannot load the live state from the store: " + e.getMessage(), e);
    }
    this.groups =
        new GroupWriter(
            writer, applier, options, clock, fold, memberships, timers, this.webhooks, this::load);
    try {
      load();
    } catch (StoreException e) {
      throw new IllegalStateException(
          "cannot load the live state from the store: " + e.getMessage(), e);
    }
  }

  /** Forgets the in-memory state and loads it from the store, as a restart does. */
  private void load() {
    // the models first: the profiles' rebuild scores the stored events' texts with the text model
    models.load(reader);
    profiles.useText(models.text());
    profiles.load(reader);
    fold.load(reader);
    groups.load(reader);
    identities.load(reader);
    memberships.load(reader);
    timers.load(reader);
  }

  /** Starts the writer thread and the store's checkpoints ({@link Checkpoints}). */
  public LiveEngine start() {
    checkpoints = Checkpoints.start(store, Checkpoints.WAL_BYTES, Duration.ofMillis(250));
    // group commits run DuckDB's work on the committer thread (batch runs and identity
    // resolutions get the worker threads back: Store.parallel)
    store.oneThread();
    applier.start();
    groups.start();
    return this;
  }

  /**
   * Returns once DuckDB holds every group commit and audited read acknowledged before the call:
   * what a read of the store's live tables calls first, so that it sees what was acknowledged (they
   * are synced to the engine's log before the acknowledgement and written into DuckDB behind it).
   * Returns at once on the engine's own thread that writes them.
   *
   * @throws StoreException when the store refused the log (the engine has stopped)
   */
  public void awaitStored() {
    applier.awaitStored();
  }

  /**
   * Returns once DuckDB holds the customer's completed orders acknowledged before the call: what a
   * read of one customer's orders waits for (at once when none of theirs is behind the log).
   */
  public void awaitOrdersStored(String customerId) {
    applier.awaitOrdersStored(customerId);
  }

  /**
   * The traits of the customer's latest identify that DuckDB does not hold yet, or null (then the
   * store's {@code live_traits} has the latest).
   */
  public String pendingTraits(String customerId) {
    return applier.pendingTraits(customerId);
  }

  /**
   * Records an audited read: synced to the engine's log when this returns, in DuckDB's {@code
   * audit_log} shortly after (a read of the audit log waits for it, {@link #awaitStored}).
   */
  public void audit(AccessTables.AuditEntry entry) {
    applier.logDurably(LiveGroup.audits(entry.at(), List.of(entry)));
  }

  /**
   * How the engine's log is written into DuckDB: entries logged but not yet there, DuckDB
   * transactions written, their time in all and the longest (nanoseconds).
   */
  public long[] storeFigures() {
    long[] f = applier.figures();
    return new long[] {applier.behind(), f[0], f[1], f[2]};
  }

  public Options options() {
    return options;
  }

  /** Called after each commit with the membership changes it made (on the thread that wrote it). */
  public void onChanges(Consumer<List<MembershipChange>> listener) {
    webhooks.onChanges(listener);
  }

  /**
   * Called after each commit with the webhook deliveries it wrote (on the thread that wrote it).
   */
  public void onDeliveries(Consumer<List<WebhookDelivery>> listener) {
    webhooks.onDeliveries(listener);
  }

  // ---------------------------------------------------------------- requests

  /** Queues messages; the future completes once they are durable (or fails with the reason). */
  public CompletableFuture<IngestResult> ingest(List<SegmentMessage> messages) {
    return ingest(messages, messages.size() != 1);
  }

  /**
   * Queues one request's messages: the future completes once they are durable, or fails with the
   * reason (400 when an order id was already accepted, or when a message could not be applied or
   * stored: such a request is refused alone and recorded in {@code live_dead_letters}, and the
   * other requests of its group commit go on).
   *
   * @param batch whether the messages came as a batch (errors name {@code batch[i]}, else {@code
   *     message})
   */
  public CompletableFuture<IngestResult> ingest(List<SegmentMessage> messages, boolean batch) {
    if (groups.failed()) {
      return CompletableFuture.failedFuture(
          new ApiException(503, "unavailable", "the engine stopped after a store failure"));
    }
    // Personal data is filtered and each behavioural message converted to its records here, on
    // the caller's thread, once (a refusal is the request's 400, naming the first message that
    // has one): the writer thread folds the records as they are.
    List<SegmentMessage> kept = new ArrayList<>(messages.size());
    List<Records.Converted> converted = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      SegmentMessage m =
          PrivateFields.filter(
              messages.get(i), options.privacy(), messages.size() == 1 ? "" : "batch[" + i + "].");
      kept.add(m);
      converted.add(
          MessageFold.convert(m, options.baseCurrency(), batch ? "batch[" + i + "]" : "message"));
    }
    return groups.submit(kept, converted, batch);
  }

  /** Creates or replaces a rule segment and re-evaluates every customer against it. */
  public CompletableFuture<RuleSegment> putRule(String id, String name, String expression) {
    RuleSegment previous = memberships.rule(id);
    Instant now = clock.instant();
    RuleSegment rule =
        RuleSegment.of(id, name, expression, now, previous == null ? 1 : previous.version() + 1);
    Instant created = previous == null ? now : previous.updatedAt();
    return groups.job(
        tx -> {
          memberships.putRule(rule, created, writer, tx);
          return rule;
        });
  }

  /** Deletes a rule segment; its members leave it. False when there is no such rule. */
  public CompletableFuture<Boolean> deleteRule(String id) {
    return groups.job(tx -> memberships.deleteRule(id, writer, tx));
  }

  /**
   * Refits the RFM quintiles on the live profiles of every customer with a completed order, and
   * re-evaluates everyone (the batch retrain of the hybrid: the model changes rarely, memberships
   * follow each event).
   */
  public CompletableFuture<RfmModel> refitRfm() {
    return groups.job(
        tx -> {
          RfmModel m = LiveModels.fitRfm(profiles.all(), today());
          if (m == null) {
            throw new ApiException(
                409,
                "not_enough_data",
                "RFM needs at least 5 customers with a completed order; the store has "
                    + profiles.buyers(today())
                    + "");
          }
          models.useRfm(m, clock.instant(), writer);
          memberships.reevaluateAll(tx, "model_refit");
          return m;
        });
  }

  /**
   * Makes a run's {@code models/clustering.json} the live clustering: it is stored (so a restart
   * keeps it) and every customer is re-evaluated; from then on each event also re-evaluates the
   * customer's nearest cluster segment ({@code cluster:<n>}).
   *
   * @return the number of clusters
   * @throws IllegalArgumentException (at once) when the text is not such a model
   */
  public CompletableFuture<Integer> useClustering(String json) {
    NearestCentroid model = NearestCentroid.fromJson(json);
    return groups.job(
        tx -> {
          models.useClustering(model, json, clock.instant(), writer);
          memberships.reevaluateAll(tx, "model_refit");
          return model.k();
        });
  }

  /**
   * Makes a run's text classifier ({@code models/text.json}'s {@code methods.classifier.model}) the
   * scorer of the texts that arrive with events: it is stored (so a restart keeps it) and each
   * later event's text is scored by it, as the run scored its reviews and interactions.
   *
   * @return the number of labelled texts it was fitted on
   * @throws IllegalArgumentException (at once) when the text is not such a model
   */
  public CompletableFuture<Integer> useTextClassifier(String json) {
    SentimentClassifier c;
    try {
      c = SentimentClassifier.fromJson(io.tessera.server.http.Json.MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the text classifier is not JSON: " + e.getOriginalMessage(), e);
    }
    SentimentClassifier model = c;
    return groups.job(
        tx -> {
          models.useText(model, json, clock.instant(), writer);
          profiles.useText(models.text());
          return model.provenance().texts();
        });
  }

  /** Whether event texts are scored by a run's classifier (else by the lexicons). */
  public boolean scoresTextWithClassifier() {
    return models.text().hasClassifier();
  }

  /**
   * Applies an identity resolution to the live profiles (the same resolver as a batch run, over the
   * store): persons with several accounts get the merge of their accounts' profiles, a person an
   * un-merge split is re-split from the untouched parts, and every regrouped customer's memberships
   * and scores are evaluated again, their changes logged with {@code cause}.
   *
   * @param persons each resolved customer with several accounts, and its accounts
   * @return the customers regrouped
   */
  public CompletableFuture<Set<String>> applyIdentities(
      Map<CustomerId, List<CustomerId>> persons, String cause) {
    return groups.job(
        tx -> {
          Set<CustomerId> touched = profiles.regroup(persons);
          memberships.reevaluate(touched, tx, cause);
          Set<String> out = new TreeSet<>();
          touched.forEach(c -> out.add(c.value()));
          return out;
        });
  }

  /** The accounts of the customer an id resolves to live (itself alone when not merged). */
  public List<String> accountsOf(String id) {
    CustomerId c = idOrNull(id);
    if (c == null) {
      return List.of();
    }
    return profiles.accountsOf(profiles.resolve(c)).stream().map(CustomerId::value).toList();
  }

  // ---------------------------------------------------------------- reads

  /** The live clustering, or null when no run's model was loaded. */
  public NearestCentroid clusteringModel() {
    return models.clustering();
  }

  public long eventCount() {
    return fold.eventCount();
  }

  public int customerCount() {
    return profiles.size();
  }

  public int queueLength() {
    return groups.queueLength();
  }

  /** The writer's cumulative statistics. */
  public WriterStats writerStats() {
    return groups.stats();
  }

  /** The store's checkpoints so far (none for a store in memory or before start). */
  public Checkpoints.Figures checkpointFigures() {
    Checkpoints c = checkpoints;
    return c == null ? new Checkpoints.Figures(0, 0, 0) : c.figures();
  }

  public boolean healthy() {
    return groups.healthy();
  }

  /** Messages refused alone since start because they could not be applied or stored. */
  public long deadLetters() {
    return groups.deadLetters();
  }

  public RfmModel rfmModel() {
    return models.rfm();
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), options.settings().zone());
  }

  /** The customer's profile, segments and RFM score as of today, or null when unknown. */
  public CustomerView customer(String id) {
    CustomerId cid = idOrNull(id);
    cid = cid == null ? null : profiles.resolve(cid);
    LocalDate asOf = today();
    double[] values = cid == null ? null : profiles.values(cid, asOf);
    if (values == null) {
      return null;
    }
    Map<String, Double> fields = new LinkedHashMap<>();
    for (ProfileField f : ProfileField.values()) {
      double v = values[f.ordinal()];
      fields.put(f.wireName(), Double.isFinite(v) ? v : null);
    }
    RfmModel m = models.rfm();
    RfmModel.Score score =
        m != null && values[ProfileField.FREQUENCY.ordinal()] >= 1
            ? m.score(
                values[ProfileField.RECENCY_DAYS.ordinal()],
                values[ProfileField.FREQUENCY.ordinal()],
                values[ProfileField.MONETARY.ordinal()])
            : null;
    return new CustomerView(
        cid.value(),
        asOf,
        fields,
        memberships.segmentsOf(cid),
        score,
        profiles.accountsOf(cid).stream()
            .flatMap(a -> identities.anonymousIds(a).stream())
            .sorted()
            .toList());
  }

  private static CustomerId idOrNull(String id) {
    try {
      return CustomerId.of(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Reads the customer's live profile under its lock (the writer thread folds events into it): the
   * result of {@code read}, which gets null when the customer has no profile.
   */
  public <T> T readProfile(String id, Function<CustomerProfile, T> read) {
    CustomerId c = idOrNull(id);
    return profiles.read(c == null ? null : profiles.resolve(c), read);
  }

  /** The profile's field values as of a day (tests compare them with the batch fold). */
  public double[] profileValues(String id, LocalDate asOf) {
    return profiles.values(profiles.resolve(CustomerId.of(id)), asOf);
  }

  /**
   * An account's own profile values (its part, whatever person it is merged into), or null: tests
   * compare them with a fold of the account's records.
   */
  public double[] accountValues(String id, LocalDate asOf) {
    CustomerProfile p = profiles.part(CustomerId.of(id));
    if (p == null) {
      return null;
    }
    synchronized (p) {
      return p.values(asOf);
    }
  }

  public List<RuleSegment> rules() {
    return memberships.rules();
  }

  public RuleSegment rule(String id) {
    return memberships.rule(id);
  }

  /** Every live segment: the RFM groups (once a model exists), the clusters and the rules. */
  public List<SegmentView> segments() {
    return memberships.segments();
  }

  public boolean segmentExists(String segment) {
    return segments().stream().anyMatch(s -> s.id().equals(segment));
  }

  /**
   * Member ids of a segment in id order, after {@code after} (exclusive; null = from the start).
   */
  public List<String> members(String segment, String after, int limit) {
    return memberships.members(segment, after, limit);
  }

  /** Stops the writer after the queued work; the store stays open (its owner closes it). */
  @Override
  public void close() {
    groups.close();
    applier.close();
    try {
      store.allThreads();
    } catch (StoreException e) {
      System.err.println("tessera serve: DuckDB's threads were not restored: " + e.getMessage());
    }
    if (checkpoints != null) {
      checkpoints.close();
      checkpoints = null;
    }
  }

  /** The ids of customers in no particular order (tests, exports). */
  public Collection<String> customerIds() {
    return profiles.ids().stream().map(CustomerId::value).toList();
  }
}
