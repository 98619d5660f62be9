package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.segment.live.NearestCentroid;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.segment.rule.RuleContext;
import io.tessera.segment.rule.RuleExpr;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import io.tessera.store.live.MembershipChange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Membership evaluation: which segments each customer is in now (the rule segments, the RFM group
 * and the nearest cluster), the members of each segment, and the change log entries an evaluation
 * makes. Changed on the writer thread; read by API threads.
 */
final class Memberships {
  private final LiveProfiles profiles;
  private final LiveModels models;
  private final ProfileSettings settings;
  private final Clock clock;
  private final Map<CustomerId, Set<String>> memberships = new ConcurrentHashMap<>();
  private final Map<String, NavigableSet<String>> members = new ConcurrentHashMap<>();
  private final Map<String, RuleSegment> rules = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  // the day everyone was last evaluated for (writer thread only)
  private LocalDate evaluatedDay;

  Memberships(LiveProfiles profiles, LiveModels models, ProfileSettings settings, Clock clock) {
    this.profiles = profiles;
    this.models = models;
    this.settings = settings;
    this.clock = clock;
  }

  /** Replaces the state with the store's: the rules and the change log's current memberships. */
  void load(LiveReader store) {
    memberships.clear();
    members.clear();
    rules.clear();
    for (LiveReader.Rule r : store.activeRules()) {
      rules.put(
          r.id(), RuleSegment.of(r.id(), r.name(), r.expression(), r.updatedAt(), r.version()));
    }
    store
        .currentMemberships()
        .forEach(
            (customer, segments) -> {
              for (String s : segments) {
                members.computeIfAbsent(s, k -> new ConcurrentSkipListSet<>()).add(customer);
              }
              memberships.put(CustomerId.of(customer), Set.copyOf(segments));
            });
    rulesChanged();
    seq.set(store.lastChangeSeq());
  }

  /** The next position in the change log. */
  long nextSeq() {
    return seq.incrementAndGet();
  }

  // ---------------------------------------------------------------- rules

  RuleSegment rule(String id) {
    return rules.get(id);
  }

  List<RuleSegment> rules() {
    return rules.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  /** Saves a rule's new version and re-evaluates everyone against it. */
  void putRule(RuleSegment rule, Instant createdAt, LiveWriter writer, GroupTx tx) {
    writer.saveRule(
        rule.id(), rule.name(), rule.expression(), createdAt, rule.updatedAt(), rule.version());
    rules.put(rule.id(), rule);
    rulesChanged();
    members.computeIfAbsent(rule.segmentId(), k -> new ConcurrentSkipListSet<>());
    reevaluateAll(tx, "rule_changed");
  }

  /** Deletes a rule (its members leave it); false when there is none. */
  boolean deleteRule(String id, LiveWriter writer, GroupTx tx) {
    RuleSegment rule = rules.remove(id);
    if (rule == null) {
      return false;
    }
    rulesChanged();
    writer.deleteRule(id, clock.instant());
    reevaluateAll(tx, "rule_changed");
    members.remove(rule.segmentId());
    return true;
  }

  // ---------------------------------------------------------------- evaluation

  /** Whether everyone was last evaluated for {@code day}. */
  boolean evaluatedOn(LocalDate day) {
    return day.equals(evaluatedDay);
  }

  /** Re-evaluates the customers the group's messages touched. */
  void evaluateTouched(GroupTx tx, LocalDate day) {
    for (GroupTx.Touch t : tx.touched.values()) {
      // the profile as the fold found it, under its resolved id (none: nothing to evaluate)
      if (t.profile != null) {
        evaluate(t.profile.customerId(), t.profile, day, t.cause, t.causeEventId, tx);
      }
    }
  }

  /**
   * Re-evaluates the customers a merge or un-merge regrouped: a person with their merged profile,
   * an account merged into another person leaves every segment (the person is the member now).
   */
  void reevaluate(Set<CustomerId> customers, GroupTx tx, String cause) {
    LocalDate day = LocalDate.ofInstant(clock.instant(), settings.zone());
    for (CustomerId c : customers) {
      evaluate(c, day, cause, null, tx, true);
    }
  }

  /** Re-evaluates every customer (a rule or model changed, or the day did). */
  void reevaluateAll(GroupTx tx, String cause) {
    LocalDate day = LocalDate.ofInstant(clock.instant(), settings.zone());
    for (CustomerId c : profiles.ids()) {
      evaluate(c, day, cause, null, tx, false);
    }
    evaluatedDay = day;
  }

  private void evaluate(
      CustomerId c,
      LocalDate day,
      String cause,
      String causeEventId,
      GroupTx tx,
      boolean leaveWithoutProfile) {
    CustomerProfile p = profiles.get(c);
    if (p == null && !leaveWithoutProfile) {
      return;
    }
    evaluate(c, p, day, cause, causeEventId, tx);
  }

  /** Evaluates resolved customer {@code c} on its profile {@code p} (null: it leaves them all). */
  private void evaluate(
      CustomerId c,
      CustomerProfile p,
      LocalDate day,
      String cause,
      String causeEventId,
      GroupTx tx) {
    Set<String> now = p == null ? Set.of() : segmentsOf(p, day);
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

  /**
   * The segments a profile is in on {@code day}: rules, RFM group, nearest cluster; sorted when
   * several (the order their changes are logged in). Most customers are in none or one, so those
   * get an immutable set and no tree (the evaluation of every touched customer built one).
   */
  private Set<String> segmentsOf(CustomerProfile p, LocalDate day) {
    Segments now = new Segments();
    synchronized (p) {
      RuleContext ctx = RuleContext.of(p, day);
      for (Rule r : evaluatedRules) {
        if (r.condition().test(ctx)) {
          now.add(r.segmentId());
        }
      }
      RfmModel m = models.rfm();
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
      NearestCentroid nc = models.clustering();
      if (nc != null) {
        now.add(nc.assign(p, null, settings, day).segmentId());
      }
    }
    return now.set();
  }

  /** A segment set being built: the first one alone, a sorted set from the second on. */
  private static final class Segments {
    private String first;
    private TreeSet<String> more;

    void add(String segment) {
      if (more != null) {
        more.add(segment);
      } else if (first == null) {
        first = segment;
      } else if (!first.equals(segment)) {
        more = new TreeSet<>();
        more.add(first);
        more.add(segment);
      }
    }

    Set<String> set() {
      return more != null ? more : first != null ? Set.of(first) : Set.of();
    }
  }

  /** A rule as the evaluation tests it, with its segment id built once. */
  private record Rule(String segmentId, RuleExpr.Condition condition) {}

  // the rules' conditions, rebuilt when a rule changes (writer thread; load before it starts)
  private volatile List<Rule> evaluatedRules = List.of();

  private void rulesChanged() {
    List<Rule> out = new ArrayList<>(rules.size());
    for (RuleSegment r : rules.values()) {
      out.add(new Rule(r.segmentId(), r.condition()));
    }
    evaluatedRules = List.copyOf(out);
  }

  // ---------------------------------------------------------------- reads

  /** The customer's segments, sorted. */
  List<String> segmentsOf(CustomerId c) {
    return List.copyOf(new TreeSet<>(memberships.getOrDefault(c, Set.of())));
  }

  /** Every live segment: the RFM groups (once a model exists), the clusters, the rule segments. */
  List<LiveEngine.SegmentView> segments() {
    List<LiveEngine.SegmentView> out = new ArrayList<>();
    if (models.rfm() != null) {
      for (var g : RfmGroup.values()) {
        String id = "rfm:" + g.id();
        out.add(new LiveEngine.SegmentView(id, "rfm", g.english(), null, size(id)));
      }
    }
    NearestCentroid nc = models.clustering();
    if (nc != null) {
      for (NearestCentroid.Assignment a : nc.segments()) {
        out.add(
            new LiveEngine.SegmentView(
                a.segmentId(), "cluster", a.name().en(), null, size(a.segmentId())));
      }
    }
    for (RuleSegment r : rules()) {
      out.add(
          new LiveEngine.SegmentView(
              r.segmentId(), "rule", r.name(), r.expression(), size(r.segmentId())));
    }
    return out;
  }

  private int size(String segment) {
    NavigableSet<String> s = members.get(segment);
    return s == null ? 0 : s.size();
  }

  /**
   * Member ids of a segment in id order, after {@code after} (exclusive; null = from the start).
   */
  List<String> members(String segment, String after, int limit) {
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
}
