package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.ingest.RecordRules;
import io.tessera.ingest.Rejection;
import io.tessera.privacy.PersonalData;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.segment.live.NearestCentroid;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.segment.rule.RuleContext;
import io.tessera.server.ApiException;
import io.tessera.server.Db;
import io.tessera.server.Json;
import io.tessera.server.collect.Records;
import io.tessera.server.collect.SegmentMessage;
import io.tessera.server.hook.Delivery;
import io.tessera.server.hook.Webhooks;
import io.tessera.store.Store;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The live engine. One writer thread owns all changes: it takes the waiting requests together (a
 * group commit of up to {@link Options#maxBatch()} messages), folds their records into the
 * customers' {@link CustomerProfile}s (the same aggregators as the batch fold), re-evaluates the
 * touched customers' memberships, and writes the messages, records, membership changes and webhook
 * deliveries in one transaction. Only after the commit are the requests acknowledged.
 *
 * <p>On start, the state is rebuilt from the store: profiles by the batch fold ({@link
 * ProfileStore}), memberships from the change log, rules, identities, timers. So a hard stop loses
 * nothing that was acknowledged.
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
   */
  public record Options(
      String baseCurrency,
      ProfileSettings settings,
      int maxBatch,
      Duration cartAbandonAfter,
      Duration tick,
      PersonalData privacy) {
    public static Options defaults() {
      return new Options(
          "USD",
          ProfileSettings.DEFAULT,
          20_000,
          Duration.ofMinutes(30),
          Duration.ofSeconds(1),
          PersonalData.of(null, null, null));
    }

    public Options withTick(Duration d) {
      return new Options(baseCurrency, settings, maxBatch, cartAbandonAfter, d, privacy);
    }

    public Options withCartAbandonAfter(Duration d) {
      return new Options(baseCurrency, settings, maxBatch, d, tick, privacy);
    }

    public Options withBaseCurrency(String c) {
      return new Options(c, settings, maxBatch, cartAbandonAfter, tick, privacy);
    }

    public Options withPrivacy(PersonalData p) {
      return new Options(baseCurrency, settings, maxBatch, cartAbandonAfter, tick, p);
    }
  }

  /** What a request's messages did. */
  public record IngestResult(int accepted, int duplicates) {}

  /**
   * What the writer thread has done since start (cumulative; two snapshots give a period's
   * figures).
   *
   * @param groups group commits of messages
   * @param messages messages in them (duplicates included)
   * @param waitNanos summed time requests waited in the queue before their group started
   * @param maxWaitNanos the longest such wait
   * @param foldNanos time folding records into profiles and re-evaluating memberships
   * @param writeNanos time appending rows to the store (before the commit)
   * @param commitNanos time in the store's commit (WAL write and sync)
   */
  public record WriterStats(
      long groups,
      long messages,
      long waitNanos,
      long maxWaitNanos,
      long foldNanos,
      long writeNanos,
      long commitNanos) {

    /** These counts with one more group of {@code messages} that waited as given. */
    WriterStats plusGroup(long messages, long waited, long maxWait) {
      return new WriterStats(
          groups + 1,
          this.messages + messages,
          waitNanos + waited,
          Math.max(maxWaitNanos, maxWait),
          foldNanos,
          writeNanos,
          commitNanos);
    }

    /** These counts with more time spent folding, writing and committing. */
    WriterStats plusTimes(long fold, long write, long commit) {
      return new WriterStats(
          groups,
          messages,
          waitNanos,
          maxWaitNanos,
          foldNanos + fold,
          writeNanos + write,
          commitNanos + commit);
    }
  }

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

  private sealed interface Task permits Ingest, Job {}

  /**
   * One request's messages.
   *
   * @param batch whether they came as {@code /v1/batch} (named batch[i] in errors) or one message
   */
  private record Ingest(
      List<SegmentMessage> messages,
      boolean batch,
      CompletableFuture<IngestResult> done,
      long queuedAt)
      implements Task {
    String where(int i) {
      return batch ? "batch[" + i + "]" : "message";
    }
  }

  /** Work on the writer thread that changes state outside messages (rules, models). */
  private record Job(Work work, CompletableFuture<Object> done) implements Task {}

  @FunctionalInterface
  private interface Work {
    Object run(Tx tx) throws SQLException;
  }

  private static final Task STOP = new Job(tx -> null, new CompletableFuture<>());

  private final Store store;
  private final DuckDBConnection connection;
  private final Options options;
  private final Clock clock;
  private final Webhooks webhooks;
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final List<Consumer<List<MembershipChange>>> changeListeners =
      new CopyOnWriteArrayList<>();
  private final List<Consumer<List<Delivery>>> deliveryListeners = new CopyOnWriteArrayList<>();

  // state: written by the writer thread only; read by API threads
  private final Map<CustomerId, CustomerProfile> profiles = new ConcurrentHashMap<>();
  private final Map<CustomerId, Set<String>> memberships = new ConcurrentHashMap<>();
  private final Map<String, NavigableSet<String>> members = new ConcurrentHashMap<>();
  private final Map<String, RuleSegment> rules = new ConcurrentHashMap<>();
  private final Map<String, CustomerId> anonymousToCustomer = new ConcurrentHashMap<>();
  private final Map<String, List<Records.Converted>> pending = new HashMap<>();
  private final Set<String> seenMessages = new HashSet<>();
  // order ids already in the store (orders and anonymous orders): a second message with one of
  // them is refused as duplicate_id, as a batch file's second row with the id is quarantined
  private final Set<String> seenOrders = new HashSet<>();
  // messages refused alone because they could not be applied or stored (live_dead_letters)
  private final AtomicLong deadLetters = new AtomicLong();
  // customers whose consent_profiling is false (customers table): events are kept, not profiled
  private final Set<String> noConsent = new HashSet<>();
  private final Map<CustomerId, Instant> lastPurchase = new HashMap<>();
  private final Map<CustomerId, CartTimer> cartTimers = new HashMap<>();
  private final AtomicLong events = new AtomicLong();
  // writer statistics (written by the writer thread only)
  private volatile WriterStats stats = new WriterStats(0, 0, 0, 0, 0, 0, 0);
  private final AtomicLong seq = new AtomicLong();
  private volatile RfmModel rfm;
  // the last trained clustering (a run's models/clustering.json), or null
  private volatile NearestCentroid clustering;
  private volatile boolean failed;
  // whether the writer's connection has an open transaction (writer thread only)
  private boolean inTransaction;
  private LocalDate evaluatedDay;
  private long lastTickNanos;

  private record CartTimer(String cartEventId, Instant cartAt, Instant dueAt) {}

  public LiveEngine(Store store, Options options, Clock clock, Webhooks webhooks) {
    this.store = store;
    this.connection = store.connection();
    this.options = options;
    this.clock = clock;
    this.webhooks = webhooks;
    try {
      store.execute(LiveSchema.SQL);
      load();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot load the live state from the store: " + e.getMessage(), e);
    }
    this.writer =
        Thread.ofPlatform().name("tessera-live-writer").daemon(true).unstarted(this::loop);
  }

  /** Starts the writer thread. */
  public LiveEngine start() {
    writer.start();
    return this;
  }

  public Options options() {
    return options;
  }

  /** Called after each commit with the membership changes it made (on the writer thread). */
  public void onChanges(Consumer<List<MembershipChange>> listener) {
    changeListeners.add(listener);
  }

  /** Called after each commit with the webhook deliveries it wrote (on the writer thread). */
  public void onDeliveries(Consumer<List<Delivery>> listener) {
    deliveryListeners.add(listener);
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
    if (failed) {
      return CompletableFuture.failedFuture(
          new ApiException(503, "unavailable", "the engine stopped after a store failure"));
    }
    // personal data is filtered here, on the caller's thread: a refusal is the request's 400
    List<SegmentMessage> kept = PrivateFields.filter(messages, options.privacy());
    CompletableFuture<IngestResult> f = new CompletableFuture<>();
    queue.add(new Ingest(kept, batch, f, System.nanoTime()));
    return f;
  }

  /** Creates or replaces a rule segment and re-evaluates every customer against it. */
  public CompletableFuture<RuleSegment> putRule(String id, String name, String expression) {
    RuleSegment previous = rules.get(id);
    Instant now = clock.instant();
    RuleSegment rule =
        RuleSegment.of(id, name, expression, now, previous == null ? 1 : previous.version() + 1);
    return job(
        tx -> {
          try (PreparedStatement s =
              connection.prepareStatement(
                  "UPDATE rule_segments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
            s.setObject(1, Db.timestamp(now));
            s.setString(2, id);
            s.executeUpdate();
          }
          try (PreparedStatement s =
              connection.prepareStatement(
                  "INSERT INTO rule_segments VALUES (?, ?, ?, ?, ?, NULL, ?)")) {
            s.setString(1, id);
            s.setString(2, name);
            s.setString(3, expression);
            s.setObject(4, Db.timestamp(previous == null ? now : previous.updatedAt()));
            s.setObject(5, Db.timestamp(now));
            s.setInt(6, rule.version());
            s.executeUpdate();
          }
          rules.put(id, rule);
          members.computeIfAbsent(rule.segmentId(), k -> new ConcurrentSkipListSet<>());
          reevaluateAll(tx, "rule_changed");
          return rule;
        });
  }

  /** Deletes a rule segment; its members leave it. False when there is no such rule. */
  public CompletableFuture<Boolean> deleteRule(String id) {
    return job(
        tx -> {
          RuleSegment rule = rules.remove(id);
          if (rule == null) {
            return false;
          }
          try (PreparedStatement s =
              connection.prepareStatement(
                  "UPDATE rule_segments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
            s.setObject(1, Db.timestamp(clock.instant()));
            s.setString(2, id);
            s.executeUpdate();
          }
          reevaluateAll(tx, "rule_changed");
          members.remove(rule.segmentId());
          return true;
        });
  }

  /**
   * Refits the RFM quintiles on the live profiles of every customer with a completed order, and
   * re-evaluates everyone (the batch retrain of the hybrid: the model changes rarely, memberships
   * follow each event).
   */
  public CompletableFuture<RfmModel> refitRfm() {
    return job(
        tx -> {
          RfmModel m = fitRfm();
          if (m == null) {
            throw new ApiException(
                409,
                "not_enough_data",
                "RFM needs at least 5 customers with a completed order; the store has "
                    + buyers()
                    + "");
          }
          saveRfm(m);
          rfm = m;
          reevaluateAll(tx, "model_refit");
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
    return job(
        tx -> {
          try (PreparedStatement s =
              connection.prepareStatement("INSERT INTO live_models VALUES ('clustering', ?, ?)")) {
            s.setObject(1, Db.timestamp(clock.instant()));
            s.setString(2, json);
            s.executeUpdate();
          }
          clustering = model;
          reevaluateAll(tx, "model_refit");
          return model.k();
        });
  }

  /**
   * Writes the store's canonical tables as contract CSV files into {@code dir} (a batch run's
   * input), on the writer thread so that every acknowledged event is in. Timestamps are written as
   * UTC ISO-8601; pseudonymized emails and attribute columns are left out; an empty table writes no
   * file.
   */
  public CompletableFuture<Void> exportTables(java.nio.file.Path dir) {
    String ts = "strftime(%s, '%%Y-%%m-%%dT%%H:%%M:%%SZ') AS %s";
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put(
        "customers",
        "SELECT customer_id, "
            + ts.formatted("signup_at", "signup_at")
            + ", country, region, gender, birth_year, consent_analytics, consent_marketing,"
            + " consent_profiling FROM customers");
    selects.put(
        "orders",
        "SELECT order_id, customer_id, "
            + ts.formatted("ordered_at", "ordered_at")
            + ", amount, currency, status, channel FROM orders");
    selects.put(
        "order_items",
        "SELECT order_id, product_id, category, quantity, unit_price FROM order_items");
    selects.put(
        "events",
        "SELECT event_id, type, "
            + ts.formatted("occurred_at", "occurred_at")
            + ", customer_id, anonymous_id, device_id, session_id, properties FROM events");
    selects.put(
        "interactions",
        "SELECT interaction_id, customer_id, "
            + ts.formatted("occurred_at", "occurred_at")
            + ", channel, kind, text FROM interactions");
    selects.put(
        "reviews",
        "SELECT review_id, customer_id, "
            + ts.formatted("created_at", "created_at")
            + ", rating, product_id, text FROM reviews");
    return job(
        tx -> {
          for (var e : selects.entrySet()) {
            try (var st = connection.createStatement();
                var r = st.executeQuery("SELECT count(*) FROM " + e.getKey())) {
              r.next();
              if (r.getLong(1) == 0) {
                continue;
              }
            }
            String file =
                dir.resolve(e.getKey() + ".csv").toAbsolutePath().toString().replace("'", "''");
            try (var st = connection.createStatement()) {
              st.execute("COPY (" + e.getValue() + ") TO '" + file + "' (HEADER, DELIMITER ',')");
            }
          }
          return null;
        });
  }

  /** The live clustering, or null when no run's model was loaded. */
  public NearestCentroid clusteringModel() {
    return clustering;
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> job(Work work) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    queue.add(new Job(work, f));
    return (CompletableFuture<T>) (CompletableFuture<?>) f;
  }

  // ---------------------------------------------------------------- reads

  public long eventCount() {
    return events.get();
  }

  public int customerCount() {
    return profiles.size();
  }

  public int queueLength() {
    return queue.size();
  }

  /** The writer's cumulative statistics. */
  public WriterStats writerStats() {
    return stats;
  }

  public boolean healthy() {
    return !failed && writer.isAlive();
  }

  /** Messages refused alone since start because they could not be applied or stored. */
  public long deadLetters() {
    return deadLetters.get();
  }

  public RfmModel rfmModel() {
    return rfm;
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), options.settings().zone());
  }

  /** The customer's profile, segments and RFM score as of today, or null when unknown. */
  public CustomerView customer(String id) {
    CustomerId cid;
    try {
      cid = CustomerId.of(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
    CustomerProfile p = profiles.get(cid);
    if (p == null) {
      return null;
    }
    LocalDate asOf = today();
    double[] values;
    synchronized (p) {
      values = p.values(asOf);
    }
    Map<String, Double> fields = new LinkedHashMap<>();
    for (ProfileField f : ProfileField.values()) {
      double v = values[f.ordinal()];
      fields.put(f.wireName(), Double.isFinite(v) ? v : null);
    }
    RfmModel m = rfm;
    RfmModel.Score score =
        m != null && values[ProfileField.FREQUENCY.ordinal()] >= 1
            ? m.score(
                values[ProfileField.RECENCY_DAYS.ordinal()],
                values[ProfileField.FREQUENCY.ordinal()],
                values[ProfileField.MONETARY.ordinal()])
            : null;
    List<String> anon =
        anonymousToCustomer.entrySet().stream()
            .filter(e -> e.getValue().equals(cid))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    return new CustomerView(
        cid.value(),
        asOf,
        fields,
        List.copyOf(new TreeSet<>(memberships.getOrDefault(cid, Set.of()))),
        score,
        anon);
  }

  /**
   * Reads the customer's live profile under its lock (the writer thread folds events into it): the
   * result of {@code read}, which gets null when the customer has no profile.
   */
  public <T> T readProfile(String id, java.util.function.Function<CustomerProfile, T> read) {
    CustomerProfile p;
    try {
      p = profiles.get(CustomerId.of(id));
    } catch (IllegalArgumentException e) {
      p = null;
    }
    if (p == null) {
      return read.apply(null);
    }
    synchronized (p) {
      return read.apply(p);
    }
  }

  /** The profile's field values as of a day (tests compare them with the batch fold). */
  public double[] profileValues(String id, LocalDate asOf) {
    CustomerProfile p = profiles.get(CustomerId.of(id));
    if (p == null) {
      return null;
    }
    synchronized (p) {
      return p.values(asOf);
    }
  }

  public List<RuleSegment> rules() {
    return rules.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  public RuleSegment rule(String id) {
    return rules.get(id);
  }

  /** Every live segment: the RFM groups (once a model exists) and the rule segments. */
  public List<SegmentView> segments() {
    List<SegmentView> out = new ArrayList<>();
    if (rfm != null) {
      for (var g : io.tessera.segment.rfm.RfmGroup.values()) {
        String id = "rfm:" + g.id();
        out.add(new SegmentView(id, "rfm", g.english(), null, size(id)));
      }
    }
    NearestCentroid nc = clustering;
    if (nc != null) {
      for (NearestCentroid.Assignment a : nc.segments()) {
        out.add(
            new SegmentView(a.segmentId(), "cluster", a.name().en(), null, size(a.segmentId())));
      }
    }
    for (RuleSegment r : rules()) {
      out.add(
          new SegmentView(r.segmentId(), "rule", r.name(), r.expression(), size(r.segmentId())));
    }
    return out;
  }

  private int size(String segment) {
    NavigableSet<String> s = members.get(segment);
    return s == null ? 0 : s.size();
  }

  public boolean segmentExists(String segment) {
    return segments().stream().anyMatch(s -> s.id().equals(segment));
  }

  /**
   * Member ids of a segment in id order, after {@code after} (exclusive; null = from the start).
   */
  public List<String> members(String segment, String after, int limit) {
    NavigableSet<String> s = members.get(segment);
    if (s == null) {
      return List.of();
    }
    NavigableSet<String> tail = after == null ? s : s.tailSet(after, false);
    List<String> out = new ArrayList<>(Math.min(limit, 1024));
    for (String id : tail) {
      if (out.size() == limit) {
        break;
      }
      out.add(id);
    }
    return out;
  }

  // ---------------------------------------------------------------- the writer

  private void loop() {
    lastTickNanos = System.nanoTime();
    while (true) {
      Task first;
      try {
        first = queue.poll(options.tick().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      try {
        if (first instanceof Ingest in) {
          List<Ingest> group = new ArrayList<>();
          group.add(in);
          int n = in.messages().size();
          while (n < options.maxBatch() && queue.peek() instanceof Ingest more) {
            queue.poll();
            group.add(more);
            n += more.messages().size();
          }
          ingestGroup(group);
        } else if (first instanceof Job job) {
          runJob(job);
        }
        if (first == null || System.nanoTime() - lastTickNanos >= options.tick().toNanos()) {
          lastTickNanos = System.nanoTime();
          tick();
        }
      } catch (RuntimeException e) {
        // a bug, not a store failure: keep serving, the request already got its error
        System.err.println("tessera serve: live engine error: " + e);
      }
    }
  }

  private void runJob(Job job) {
    Tx tx = new Tx();
    try {
      begin();
      Object result = job.work().run(tx);
      commit(tx);
      job.done().complete(result);
    } catch (ApiException e) {
      rollback();
      job.done().completeExceptionally(e);
    } catch (SQLException | RuntimeException e) {
      recover(e);
      job.done().completeExceptionally(unavailable(e));
    }
  }

  private void ingestGroup(List<Ingest> group) {
    long started = System.nanoTime();
    long waited = 0;
    long maxWait = 0;
    long count = 0;
    for (Ingest in : group) {
      waited += started - in.queuedAt();
      maxWait = Math.max(maxWait, started - in.queuedAt());
      count += in.messages().size();
    }
    stats = stats.plusGroup(count, waited, maxWait);
    Exception failure;
    try {
      applyAndCommit(group, started);
      return;
    } catch (SQLException | RuntimeException e) {
      failure = e;
    }
    // A message that passed validation could still not be applied or stored (an exact profile sum
    // that would overflow, a value the store refuses). The in-memory state took part of the group,
    // so it is reloaded from the store, as a restart would; then each request is tried alone, and
    // one that fails again is refused on its own and recorded as a dead letter. The engine goes on.
    if (!recover(failure)) {
      failAll(group, failure);
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      Ingest in = group.get(i);
      try {
        applyAndCommit(List.of(in), System.nanoTime());
      } catch (SQLException | RuntimeException e) {
        if (!recover(e) || !deadLetter(in, e)) {
          failAll(group.subList(i, group.size()), e);
          return;
        }
        in.done()
            .completeExceptionally(
                new ApiException(
                    400,
                    "rejected",
                    (in.batch() ? "the batch" : "the message")
                        + " could not be applied to the store and was set aside in"
                        + " live_dead_letters: "
                        + reason(e)));
      }
    }
  }

  /** Folds and commits the requests as one group; refuses a request with a known order id alone. */
  private void applyAndCommit(List<Ingest> group, long started) throws SQLException {
    Tx tx = new Tx();
    List<Ingest> applied = new ArrayList<>(group.size());
    List<IngestResult> results = new ArrayList<>(group.size());
    for (Ingest in : group) {
      ApiException duplicate = duplicateOrder(in);
      if (duplicate != null) {
        in.done().completeExceptionally(duplicate);
        continue;
      }
      int accepted = 0;
      int duplicates = 0;
      for (SegmentMessage m : in.messages()) {
        if (!seenMessages.add(m.messageId())) {
          duplicates++;
          continue;
        }
        accepted++;
        apply(m, tx);
      }
      applied.add(in);
      results.add(new IngestResult(accepted, duplicates));
    }
    evaluateTouched(tx);
    long folded = System.nanoTime();
    stats = stats.plusTimes(folded - started, 0, 0);
    commit(tx);
    for (int i = 0; i < applied.size(); i++) {
      applied.get(i).done().complete(results.get(i));
    }
  }

  /**
   * The refusal of a request whose order id was already accepted (under another messageId), or
   * null. A retried message (same messageId) is an idempotent duplicate, not a refusal.
   */
  private ApiException duplicateOrder(Ingest in) {
    Set<String> messages = new HashSet<>();
    Set<String> orders = new HashSet<>();
    for (int i = 0; i < in.messages().size(); i++) {
      SegmentMessage m = in.messages().get(i);
      if (seenMessages.contains(m.messageId()) || !messages.add(m.messageId())) {
        continue;
      }
      String order = Records.orderId(m);
      if (order != null && (seenOrders.contains(order) || !orders.add(order))) {
        String field = in.where(i) + ".properties.order_id";
        Rejection r = RecordRules.duplicate(field, order);
        return ApiException.refused(
            "invalid_message", r.getMessage(), r.reason().wireName(), field);
      }
    }
    return null;
  }

  private void failAll(List<Ingest> group, Exception e) {
    for (Ingest in : group) {
      in.done().completeExceptionally(unavailable(e));
    }
  }

  /**
   * Undoes a failed write: rolls back and reloads the state from the store. False (and the engine
   * refuses new events) when the store cannot even be read back.
   */
  private boolean recover(Exception cause) {
    rollback();
    System.err.println(
        "tessera serve: a write failed ("
            + reason(cause)
            + "); its changes were undone and the live state reloaded from the store");
    try {
      reload();
      return true;
    } catch (SQLException | RuntimeException e) {
      storeFailure(e);
      return false;
    }
  }

  /** Records a refused request's messages with the reason, in a transaction of its own. */
  private boolean deadLetter(Ingest in, Exception cause) {
    Instant at = clock.instant();
    try {
      begin();
      try (PreparedStatement s =
          connection.prepareStatement("INSERT INTO live_dead_letters VALUES (?, ?, ?, ?, ?, ?)")) {
        for (SegmentMessage m : in.messages()) {
          s.setObject(1, Db.timestamp(at));
          s.setString(2, m.messageId());
          s.setString(3, m.type());
          s.setString(4, m.userId());
          s.setString(5, m.anonymousId());
          s.setString(6, reason(cause));
          // one by one: the DuckDB driver's executeBatch opens a transaction of its own
          s.executeUpdate();
        }
      }
      execute("COMMIT");
      inTransaction = false;
      deadLetters.addAndGet(in.messages().size());
      return true;
    } catch (SQLException | RuntimeException e) {
      storeFailure(e);
      return false;
    }
  }

  /** One line saying why a write failed (no stack trace reaches a caller). */
  private static String reason(Exception e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    text = text.replaceAll("\\s+", " ");
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }

  private static ApiException unavailable(Exception e) {
    return new ApiException(
        503,
        "store_unavailable",
        "the store could not write the request; retry later (" + e.getMessage() + ")");
  }

  /** Everything one group commit writes. */
  private final class Tx {
    final List<SegmentMessage> messages = new ArrayList<>();
    final Instant receivedAt = clock.instant();
    final List<Event> newEvents = new ArrayList<>();
    final List<Order> newOrders = new ArrayList<>();
    final List<String> orderAnonymous = new ArrayList<>();
    final List<OrderItem> newItems = new ArrayList<>();
    final List<String[]> links = new ArrayList<>(); // anonymous, customer, message
    final List<String[]> traits = new ArrayList<>(); // customer, json
    final List<MembershipChange> changes = new ArrayList<>();
    final List<Object[]> timers = new ArrayList<>(); // customer, event, cartAt, dueAt, state
    final Map<CustomerId, String> touched = new LinkedHashMap<>();
    final Map<CustomerId, String> causes = new HashMap<>();
    List<Delivery> deliveries = List.of();
  }

  private void apply(SegmentMessage m, Tx tx) {
    tx.messages.add(m);
    switch (m.type()) {
      case "identify" -> {
        CustomerId c = CustomerId.of(m.userId());
        if (m.anonymousId() != null) {
          link(m.anonymousId(), c, m.messageId(), tx);
        }
        if (!m.traits().isEmpty()) {
          tx.traits.add(new String[] {c.value(), m.traits().toString()});
        }
        if (!noConsent.contains(c.value())) {
          profiles.computeIfAbsent(c, k -> new CustomerProfile(k, options.settings()));
          touch(c, m.messageId(), "identify", tx);
        }
      }
      case "alias" -> link(m.previousId(), CustomerId.of(m.userId()), m.messageId(), tx);
      default -> {
        CustomerId c = null;
        if (m.userId() != null) {
          c = CustomerId.of(m.userId());
          if (m.anonymousId() != null) {
            link(m.anonymousId(), c, m.messageId(), tx);
          }
        } else {
          c = anonymousToCustomer.get(m.anonymousId());
        }
        Records.Converted r = Records.convert(m, c, options.baseCurrency(), "message");
        tx.newEvents.add(r.event());
        events.incrementAndGet();
        if (c == null) {
          pending.computeIfAbsent(m.anonymousId(), k -> new ArrayList<>()).add(r);
          if (r.event().kind() == EventType.PURCHASE) {
            Order placeholder =
                Records.convert(m, CustomerId.of("anonymous"), options.baseCurrency(), "message")
                    .order();
            anonymousOrders.put(r.event().eventId(), placeholder);
            seenOrders.add(placeholder.orderId());
            tx.newOrders.add(placeholder);
            tx.orderAnonymous.add(m.anonymousId() + "\u0000" + r.event().eventId());
            tx.newItems.addAll(r.items());
          }
        } else {
          if (r.order() != null) {
            seenOrders.add(r.order().orderId());
            tx.newOrders.add(r.order());
            tx.orderAnonymous.add(null);
            tx.newItems.addAll(r.items());
          }
          addToProfile(c, r, tx);
          touch(c, m.messageId(), "event", tx);
        }
      }
    }
  }

  private void link(String anonymousId, CustomerId customer, String messageId, Tx tx) {
    if (anonymousToCustomer.containsKey(anonymousId)) {
      return; // the first link stands; a device shared later does not move history
    }
    anonymousToCustomer.put(anonymousId, customer);
    tx.links.add(new String[] {anonymousId, customer.value(), messageId});
    List<Records.Converted> earlier = pending.remove(anonymousId);
    if (earlier == null) {
      return;
    }
    for (Records.Converted r : earlier) {
      Event e = r.event();
      Event linked =
          new Event(
              e.eventId(),
              e.type(),
              e.occurredAt(),
              customer,
              e.anonymousId(),
              e.deviceId(),
              e.emailPseudonym(),
              e.sessionId(),
              e.properties());
      Order order = null;
      if (e.kind() == EventType.PURCHASE) {
        double amount = 0;
        String orderId = e.eventId();
        java.util.Map<String, String> attributes = java.util.Map.of();
        // the anonymous order was written with its amount; rebuild it for the customer
        Order placeholder = anonymousOrders.remove(e.eventId());
        if (placeholder != null) {
          amount = placeholder.amount().amount();
          orderId = placeholder.orderId();
          attributes = placeholder.attributes();
        }
        order =
            new Order(
                orderId,
                customer,
                e.occurredAt(),
                Money.of(amount, options.baseCurrency()),
                OrderStatus.COMPLETED,
                "live",
                attributes);
      }
      addToProfile(customer, new Records.Converted(linked, order, r.items()), tx);
    }
    touch(customer, messageId, "identify", tx);
  }

  private final Map<String, Order> anonymousOrders = new HashMap<>();
  // a review or ticket text that arrives with an event is scored at once (issue 11)
  private final io.tessera.text.EventText eventText = io.tessera.text.EventText.lexiconOnly();

  private void addToProfile(CustomerId c, Records.Converted r, Tx tx) {
    if (noConsent.contains(c.value())) {
      return;
    }
    CustomerProfile p =
        profiles.computeIfAbsent(c, k -> new CustomerProfile(k, options.settings()));
    synchronized (p) {
      if (r.order() != null) {
        p.add(r.order());
      }
      if (r.order() != null || r.event().kind() == EventType.PURCHASE) {
        for (OrderItem i : r.items()) {
          p.add(i);
        }
      }
      p.add(r.event());
      eventText.addTo(p, r.event());
    }
    Event e = r.event();
    EventType kind = e.kind();
    if (kind == EventType.PURCHASE) {
      lastPurchase.merge(c, e.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
      CartTimer t = cartTimers.get(c);
      if (t != null && !e.occurredAt().isBefore(t.cartAt())) {
        cartTimers.remove(c);
        tx.timers.add(
            new Object[] {c.value(), t.cartEventId(), t.cartAt(), t.dueAt(), "purchased"});
      }
    } else if (kind == EventType.ADD_TO_CART && !cartTimers.containsKey(c)) {
      Instant last = lastPurchase.get(c);
      if (last == null || last.isBefore(e.occurredAt())) {
        CartTimer t =
            new CartTimer(
                e.eventId(), e.occurredAt(), e.occurredAt().plus(options.cartAbandonAfter()));
        cartTimers.put(c, t);
        tx.timers.add(new Object[] {c.value(), t.cartEventId(), t.cartAt(), t.dueAt(), "waiting"});
      }
    }
  }

  private static void touch(CustomerId c, String causeEventId, String cause, Tx tx) {
    tx.touched.put(c, causeEventId);
    tx.causes.put(c, cause);
  }

  /** Appends an order's attributes as the JSON column, or NULL when it has none. */
  private static DuckDBAppender appendAttributes(DuckDBAppender a, Order o) throws SQLException {
    if (o.attributes().isEmpty()) {
      return a.appendNull();
    }
    try {
      return a.append(Json.MAPPER.writeValueAsString(o.attributes()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("order attributes could not be written as JSON", e);
    }
  }

  private void evaluateTouched(Tx tx) {
    LocalDate day = today();
    for (var e : tx.touched.entrySet()) {
      evaluate(e.getKey(), day, tx.causes.get(e.getKey()), e.getValue(), tx);
    }
  }

  private void reevaluateAll(Tx tx, String cause) {
    LocalDate day = today();
    for (CustomerId c : profiles.keySet()) {
      evaluate(c, day, cause, null, tx);
    }
    evaluatedDay = day;
  }

  private void evaluate(CustomerId c, LocalDate day, String cause, String causeEventId, Tx tx) {
    CustomerProfile p = profiles.get(c);
    if (p == null) {
      return;
    }
    Set<String> now = new TreeSet<>();
    synchronized (p) {
      RuleContext ctx = RuleContext.of(p, day);
      for (RuleSegment r : rules.values()) {
        if (r.condition().test(ctx)) {
          now.add(r.segmentId());
        }
      }
      RfmModel m = rfm;
      if (m != null) {
        double f = ctx.field(ProfileField.FREQUENCY);
        if (f >= 1) {
          now.add(
              "rfm:"
                  + m.score(
                          ctx.field(ProfileField.RECENCY_DAYS), f, ctx.field(ProfileField.MONETARY))
                      .group()
                      .id());
        }
      }
      NearestCentroid nc = clustering;
      if (nc != null) {
        now.add(nc.assign(p, null, options.settings(), day).segmentId());
      }
    }
    Set<String> before = memberships.getOrDefault(c, Set.of());
    if (before.equals(now)) {
      return;
    }
    Instant at = clock.instant();
    for (String s : before) {
      if (!now.contains(s)) {
        tx.changes.add(
            new MembershipChange(
                seq.incrementAndGet(),
                at,
                c.value(),
                s,
                MembershipChange.LEFT,
                cause,
                causeEventId));
        NavigableSet<String> set = members.get(s);
        if (set != null) {
          set.remove(c.value());
        }
      }
    }
    for (String s : now) {
      if (!before.contains(s)) {
        tx.changes.add(
            new MembershipChange(
                seq.incrementAndGet(),
                at,
                c.value(),
                s,
                MembershipChange.ENTERED,
                cause,
                causeEventId));
        members.computeIfAbsent(s, k -> new ConcurrentSkipListSet<>()).add(c.value());
      }
    }
    memberships.put(c, Set.copyOf(now));
  }

  private void tick() {
    if (failed) {
      return;
    }
    Instant now = clock.instant();
    LocalDate day = today();
    boolean dayChanged = evaluatedDay == null || !evaluatedDay.equals(day);
    List<CustomerId> due = new ArrayList<>();
    for (var e : cartTimers.entrySet()) {
      if (!e.getValue().dueAt().isAfter(now)) {
        due.add(e.getKey());
      }
    }
    if (due.isEmpty() && !dayChanged) {
      return;
    }
    Tx tx = new Tx();
    try {
      for (CustomerId c : due) {
        CartTimer t = cartTimers.remove(c);
        tx.timers.add(new Object[] {c.value(), t.cartEventId(), t.cartAt(), t.dueAt(), "fired"});
        tx.changes.add(
            new MembershipChange(
                seq.incrementAndGet(),
                now,
                c.value(),
                MembershipChange.CART_ABANDONED,
                MembershipChange.FIRED,
                "timer",
                t.cartEventId()));
      }
      if (dayChanged) {
        reevaluateAll(tx, "clock");
      }
      commit(tx);
    } catch (SQLException | RuntimeException e) {
      recover(e);
    }
  }

  // ---------------------------------------------------------------- the store

  private void commit(Tx tx) throws SQLException {
    tx.deliveries = webhooks.deliveriesFor(tx.changes, tx.receivedAt);
    try {
      if (!inTransaction) {
        begin();
      }
      long t0 = System.nanoTime();
      write(tx);
      long t1 = System.nanoTime();
      execute("COMMIT");
      inTransaction = false;
      long t2 = System.nanoTime();
      stats = stats.plusTimes(0, t1 - t0, t2 - t1);
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw e;
    }
    if (!tx.changes.isEmpty()) {
      for (var l : changeListeners) {
        l.accept(List.copyOf(tx.changes));
      }
    }
    if (!tx.deliveries.isEmpty()) {
      for (var l : deliveryListeners) {
        l.accept(List.copyOf(tx.deliveries));
      }
    }
  }

  /**
   * Opens the transaction of a group commit or job with an explicit {@code BEGIN}. The DuckDB JDBC
   * appender does not join a transaction that {@code setAutoCommit(false)} has announced but no
   * statement has opened yet: each appender's flush then committed on its own (measured: rows
   * appended that way survive a rollback), so a group was neither atomic nor one WAL sync.
   */
  private void begin() throws SQLException {
    execute("BEGIN TRANSACTION");
    inTransaction = true;
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private void rollback() {
    if (!inTransaction) {
      return;
    }
    inTransaction = false;
    try {
      execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the transaction is gone either way: nothing of it was committed
    }
  }

  private void write(Tx tx) throws SQLException {
    // identify and alias are kept in live_messages; a track/page/screen message is kept as its
    // event (event_id = messageId), which is enough for idempotency after a restart (see load())
    // and saves a row per event
    List<SegmentMessage> identities = new ArrayList<>();
    for (SegmentMessage m : tx.messages) {
      if (m.type().equals("identify") || m.type().equals("alias")) {
        identities.add(m);
      }
    }
    if (!identities.isEmpty()) {
      try (DuckDBAppender a = connection.createAppender("main", "live_messages")) {
        for (SegmentMessage m : identities) {
          a.beginRow()
              .append(m.messageId())
              .append(m.type())
              .append(Db.timestamp(tx.receivedAt))
              .append(m.userId())
              .append(m.anonymousId())
              .endRow();
        }
      }
    }
    if (!tx.newEvents.isEmpty()) {
      try (DuckDBAppender a = connection.createAppender("main", "events")) {
        for (Event e : tx.newEvents) {
          a.beginRow()
              .appendNull()
              .append(e.eventId())
              .append(e.type())
              .append(Db.timestamp(e.occurredAt()))
              .append(e.customerId() == null ? null : e.customerId().value())
              .append(e.anonymousId())
              .append(e.deviceId())
              .append(e.emailPseudonym())
              .append(e.sessionId())
              .append(e.properties())
              .append(false)
              .appendNull()
              .endRow();
        }
      }
    }
    if (!tx.newOrders.isEmpty()) {
      // an anonymous visitor's order waits in live_anonymous_orders until identify names its
      // customer: the orders table (read by batch runs) only holds orders with a customer
      try (DuckDBAppender a = connection.createAppender("main", "orders");
          DuckDBAppender anonymous = connection.createAppender("main", "live_anonymous_orders")) {
        for (int i = 0; i < tx.newOrders.size(); i++) {
          Order o = tx.newOrders.get(i);
          String anon = tx.orderAnonymous.get(i);
          if (anon == null) {
            a.beginRow()
                .appendNull()
                .append(o.orderId())
                .append(o.customerId().value())
                .append(Db.timestamp(o.orderedAt()))
                .append(o.amount().amount())
                .append(o.amount().currency())
                .append("completed")
                .append(o.channel());
            appendAttributes(a, o).endRow();
          } else {
            anonymous
                .beginRow()
                .append(anon.substring(0, anon.indexOf('\u0000')))
                .append(anon.substring(anon.indexOf('\u0000') + 1))
                .append(o.orderId())
                .append(Db.timestamp(o.orderedAt()))
                .append(o.amount().amount())
                .append(o.amount().currency());
            appendAttributes(anonymous, o).endRow();
          }
        }
      }
      try (DuckDBAppender a = connection.createAppender("main", "order_items")) {
        for (OrderItem i : tx.newItems) {
          a.beginRow()
              .appendNull()
              .append(i.orderId())
              .append(i.productId())
              .append(i.category())
              .append(i.quantity())
              .append(i.unitPrice())
              .endRow();
        }
      }
    }
    for (String[] l : tx.links) {
      try (PreparedStatement s =
          connection.prepareStatement("INSERT INTO live_identities VALUES (?, ?, ?, ?)")) {
        s.setString(1, l[0]);
        s.setString(2, l[1]);
        s.setObject(3, Db.timestamp(tx.receivedAt));
        s.setString(4, l[2]);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          connection.prepareStatement(
              "UPDATE events SET customer_id = ? WHERE anonymous_id = ? AND customer_id IS NULL")) {
        s.setString(1, l[1]);
        s.setString(2, l[0]);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO orders SELECT NULL, order_id, ?, ordered_at, amount, currency,"
                  + " 'completed', 'live', attributes FROM live_anonymous_orders WHERE anonymous_id"
                  + " = ?")) {
        s.setString(1, l[1]);
        s.setString(2, l[0]);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          connection.prepareStatement("DELETE FROM live_anonymous_orders WHERE anonymous_id = ?")) {
        s.setString(1, l[0]);
        s.executeUpdate();
      }
    }
    for (String[] t : tx.traits) {
      try (PreparedStatement s =
          connection.prepareStatement("INSERT INTO live_traits VALUES (?, ?, ?)")) {
        s.setString(1, t[0]);
        s.setObject(2, Db.timestamp(tx.receivedAt));
        s.setString(3, t[1]);
        s.executeUpdate();
      }
    }
    if (!tx.timers.isEmpty()) {
      try (DuckDBAppender a = connection.createAppender("main", "cart_timers")) {
        for (Object[] t : tx.timers) {
          a.beginRow()
              .append((String) t[0])
              .append((String) t[1])
              .append(Db.timestamp((Instant) t[2]))
              .append(Db.timestamp((Instant) t[3]))
              .append((String) t[4])
              .endRow();
        }
      }
    }
    if (!tx.changes.isEmpty()) {
      try (DuckDBAppender a = connection.createAppender("main", "membership_changes")) {
        for (MembershipChange c : tx.changes) {
          a.beginRow()
              .append(c.seq())
              .append(Db.timestamp(c.at()))
              .append(c.customerId())
              .append(c.segmentId())
              .append(c.change())
              .append(c.cause())
              .append(c.causeEventId())
              .endRow();
        }
      }
    }
    if (!tx.deliveries.isEmpty()) {
      try (DuckDBAppender a = connection.createAppender("main", "webhook_deliveries")) {
        for (Delivery d : tx.deliveries) {
          a.beginRow()
              .append(d.deliveryId())
              .append(d.webhookId())
              .append(d.trigger())
              .append(d.payload())
              .append(Db.timestamp(d.createdAt()))
              .append("pending")
              .append(0)
              .append(Db.timestamp(d.createdAt()))
              .endRow();
        }
      }
    }
  }

  private void storeFailure(Exception e) {
    rollback();
    failed = true;
    System.err.println(
        "tessera serve: the store failed ("
            + e.getMessage()
            + "); the engine refuses new events until restarted (acknowledged events are safe)");
  }

  // ---------------------------------------------------------------- loading

  private void load() throws SQLException {
    try (Statement s = connection.createStatement();
        var r =
            s.executeQuery(
                "SELECT customer_id FROM customers WHERE consent_profiling = false AND customer_id"
                    + " IS NOT NULL")) {
      while (r.next()) {
        noConsent.add(r.getString(1));
      }
    }
    for (var p : ProfileStore.fold(store, options.settings(), noConsent).entrySet()) {
      profiles.put(p.getKey(), p.getValue());
    }
    try (Statement s = connection.createStatement()) {
      try (var r = s.executeQuery("SELECT count(*) FROM events")) {
        r.next();
        events.set(r.getLong(1));
      }
      // messages already stored: identify/alias in live_messages, the others as live events
      // (appended with no source line; a batch import numbers its rows)
      try (var r =
          s.executeQuery(
              "SELECT message_id FROM live_messages UNION ALL SELECT event_id FROM events WHERE"
                  + " _line IS NULL")) {
        while (r.next()) {
          seenMessages.add(r.getString(1));
        }
      }
      try (var r =
          s.executeQuery(
              "SELECT order_id FROM orders WHERE order_id IS NOT NULL UNION ALL SELECT order_id"
                  + " FROM live_anonymous_orders WHERE order_id IS NOT NULL")) {
        while (r.next()) {
          seenOrders.add(r.getString(1));
        }
      }
      try (var r = s.executeQuery("SELECT count(*) FROM live_dead_letters")) {
        r.next();
        deadLetters.set(r.getLong(1));
      }
      try (var r = s.executeQuery("SELECT anonymous_id, customer_id FROM live_identities")) {
        while (r.next()) {
          anonymousToCustomer.putIfAbsent(r.getString(1), CustomerId.of(r.getString(2)));
        }
      }
      try (var r =
          s.executeQuery(
              "SELECT id, name, expression, updated_at, version FROM rule_segments WHERE deleted_at"
                  + " IS NULL")) {
        while (r.next()) {
          RuleSegment rule =
              RuleSegment.of(
                  r.getString(1), r.getString(2), r.getString(3), Db.instant(r, 4), r.getInt(5));
          rules.put(rule.id(), rule);
        }
      }
      try (var r =
          s.executeQuery(
              "SELECT customer_id, segment_id FROM (SELECT customer_id, segment_id, change,"
                  + " row_number() OVER (PARTITION BY customer_id, segment_id ORDER BY seq DESC) AS"
                  + " k FROM membership_changes WHERE change <> 'fired') WHERE k = 1 AND change ="
                  + " 'entered'")) {
        Map<CustomerId, Set<String>> m = new HashMap<>();
        while (r.next()) {
          m.computeIfAbsent(CustomerId.of(r.getString(1)), k -> new TreeSet<>())
              .add(r.getString(2));
          members
              .computeIfAbsent(r.getString(2), k -> new ConcurrentSkipListSet<>())
              .add(r.getString(1));
        }
        m.forEach((k, v) -> memberships.put(k, Set.copyOf(v)));
      }
      try (var r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM membership_changes")) {
        r.next();
        seq.set(r.getLong(1));
      }
      try (var r =
          s.executeQuery(
              "SELECT customer_id, max(occurred_at) FROM events WHERE customer_id IS NOT NULL AND"
                  + " type = 'purchase' GROUP BY 1")) {
        while (r.next()) {
          lastPurchase.put(CustomerId.of(r.getString(1)), Db.instant(r, 2));
        }
      }
      try (var r =
          s.executeQuery(
              "SELECT customer_id, cart_event_id, cart_at, due_at FROM (SELECT *, row_number()"
                  + " OVER (PARTITION BY customer_id, cart_event_id ORDER BY CASE state WHEN"
                  + " 'waiting' THEN 1 ELSE 0 END) AS k FROM cart_timers) WHERE k = 1 AND state ="
                  + " 'waiting'")) {
        while (r.next()) {
          cartTimers.put(
              CustomerId.of(r.getString(1)),
              new CartTimer(r.getString(2), Db.instant(r, 3), Db.instant(r, 4)));
        }
      }
      try (var r =
          s.executeQuery(
              "SELECT model FROM live_models WHERE name = 'rfm' ORDER BY fitted_at DESC LIMIT 1")) {
        if (r.next()) {
          rfm = Json.MAPPER.readValue(r.getString(1), RfmModel.class);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("the stored RFM model is unreadable: " + e.getMessage(), e);
      }
      try (var r =
          s.executeQuery(
              "SELECT model FROM live_models WHERE name = 'clustering' ORDER BY fitted_at DESC"
                  + " LIMIT 1")) {
        if (r.next()) {
          clustering = NearestCentroid.fromJson(r.getString(1));
        }
      } catch (IllegalArgumentException e) {
        throw new SQLException("the stored clustering model is unreadable: " + e.getMessage(), e);
      }
    }
    for (var e :
        ProfileStore.pendingAnonymous(store, anonymousToCustomer.keySet(), options.baseCurrency())
            .entrySet()) {
      pending.put(e.getKey(), new ArrayList<>(e.getValue().converted()));
      anonymousOrders.putAll(e.getValue().orders());
    }
  }

  /** Forgets the in-memory state and loads it again from the store, as a restart does. */
  private void reload() throws SQLException {
    profiles.clear();
    memberships.clear();
    members.clear();
    rules.clear();
    anonymousToCustomer.clear();
    pending.clear();
    seenMessages.clear();
    seenOrders.clear();
    noConsent.clear();
    lastPurchase.clear();
    cartTimers.clear();
    anonymousOrders.clear();
    rfm = null;
    clustering = null;
    load();
  }

  private int buyers() {
    int n = 0;
    for (CustomerProfile p : profiles.values()) {
      synchronized (p) {
        if (p.value(ProfileField.FREQUENCY, today()) >= 1) {
          n++;
        }
      }
    }
    return n;
  }

  private RfmModel fitRfm() {
    LocalDate day = today();
    List<double[]> rows = new ArrayList<>();
    for (CustomerProfile p : profiles.values()) {
      double[] v;
      synchronized (p) {
        v = p.values(day);
      }
      if (v[ProfileField.FREQUENCY.ordinal()] >= 1) {
        rows.add(v);
      }
    }
    if (rows.size() < 5) {
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

  private void saveRfm(RfmModel m) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("INSERT INTO live_models VALUES ('rfm', ?, ?)")) {
      s.setObject(1, Db.timestamp(clock.instant()));
      s.setString(2, Json.MAPPER.valueToTree(m).toString());
      s.executeUpdate();
    }
  }

  /** Stops the writer after the queued work; the store stays open (its owner closes it). */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The ids of customers in no particular order (tests, exports). */
  public Collection<String> customerIds() {
    return profiles.keySet().stream().map(CustomerId::value).toList();
  }
}
