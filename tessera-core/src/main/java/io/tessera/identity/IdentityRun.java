package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One run of {@link IdentityResolver#resolve}: its steps, in order, share this state. */
final class IdentityRun {
  private static final int REPORT_LIMIT = IdentityResolver.REPORT_LIMIT;
  private static final int EXAMPLES = IdentityResolver.EXAMPLES;
  private static final int EVIDENCE = IdentityResolver.EVIDENCE;

  final IdentityOptions options;
  final int cap;
  final Map<String, Long> malformed = new TreeMap<>();
  final List<String> malformedExamples = new ArrayList<>();
  final List<IdentityLink> links = new ArrayList<>();
  final Map<Integer, List<IdentityLink>> linksByRoot = new HashMap<>();
  final List<IdentityReport.Conflict> conflicts = new ArrayList<>();
  long conflictCount;
  long consentBlocked;

  Account[] acc;
  Map<CustomerId, Integer> index;
  // cleaned verified identifiers per account
  String[] email;
  String[] phone;
  List<Map<String, String>> columns;
  SightingNodes nodes;
  List<SightingNodes.Node> nodeList;
  final Map<Identifier, List<Integer>> verified = new HashMap<>();
  final Map<Identifier, List<Integer>> phones = new HashMap<>();
  final Set<Identifier> shared = new HashSet<>();
  final List<IdentityReport.Shared> sharedList = new ArrayList<>();
  UnionFind uf;
  double[] confidence;
  final List<Map<String, String>> strong = new ArrayList<>();
  final Map<String, Long> accountLinks = new TreeMap<>();
  final List<Candidate> candidates = new ArrayList<>();
  MatchModel model;
  ThresholdCurve curve;
  long below;
  UnionFind groups;
  final Map<Integer, Set<Integer>> personsOfGroup = new HashMap<>();
  final Set<Integer> loginGroups = new HashSet<>();
  final Map<Identifier, CustomerId> attached = new HashMap<>();
  final Map<String, Long> identifierLinks = new TreeMap<>();
  final Map<String, Long> recordLinks = new TreeMap<>();
  long unlinked;
  final List<IdentityReport.Shared> ambiguous = new ArrayList<>();
  long ambiguousCount;
  final Map<Integer, Integer> resolvedRoot = new HashMap<>();
  final List<ResolvedCustomer> persons = new ArrayList<>();
  final Map<CustomerId, List<IdentityLink>> linksByCustomer = new HashMap<>();
  long withoutConsent;
  long merged;

  IdentityRun(IdentityOptions options) {
    this.options = options;
    this.cap = options.maxShared() + 1;
  }

  IdentityGraph resolve(Collection<Account> given, Iterator<SightingGroup> sightings) {
    Map<CustomerId, Account> unique = new TreeMap<>();
    for (Account a : given) {
      unique.putIfAbsent(a.id(), a);
    }
    // sightings may name accounts without a row: collect nodes first, then index accounts
    nodes = new SightingNodes(cap, malformed, malformedExamples);
    nodes.collect(sightings);
    nodeList = nodes.nodeList;
    List<CustomerId> seenIds = nodes.seenIds;
    for (CustomerId id : seenIds) {
      unique.putIfAbsent(id, Account.bare(id, true));
    }
    acc = unique.values().toArray(Account[]::new);
    index = new HashMap<>();
    for (int i = 0; i < acc.length; i++) {
      index.put(acc[i].id(), i);
    }
    nodes.renumber(index);
    cleanAccounts();
    indexVerified();
    findShared();
    strongIdentifiers();
    deterministicCandidates();
    ProbabilisticCandidates probabilistic =
        new ProbabilisticCandidates(acc, phones, verified, shared, nodeList, options);
    probabilistic.addTo(candidates);
    consentBlocked += probabilistic.consentBlocked;
    model = probabilistic.model;
    below = probabilistic.below;
    curve = ThresholdCurve.ofWeights(probabilistic.weights);
    applyCandidates();
    groupNodes();
    attachNodes();
    linkAttached();
    buildPersons();
    return buildGraph();
  }

  /** Verified identifiers and phones, and their holders. */
  private void indexVerified() {
    for (int i = 0; i < acc.length; i++) {
      if (email[i] != null) {
        verified
            .computeIfAbsent(new Identifier(IdentifierKind.EMAIL, email[i]), k -> new ArrayList<>())
            .add(i);
      }
      for (var c : columns.get(i).entrySet()) {
        verified
            .computeIfAbsent(
                new Identifier(new IdentifierKind(c.getKey()), c.getValue()),
                k -> new ArrayList<>())
            .add(i);
      }
      if (phone[i] != null) {
        phones
            .computeIfAbsent(new Identifier(IdentifierKind.PHONE, phone[i]), k -> new ArrayList<>())
            .add(i);
      }
    }
  }

  /** Identifiers held by more than max_shared accounts: they link nobody. */
  private void findShared() {
    for (var e : verified.entrySet()) {
      if (e.getValue().size() > options.maxShared()) {
        shared.add(e.getKey());
        sharedList.add(new IdentityReport.Shared(e.getKey(), e.getValue().size()));
      }
    }
    for (var e : phones.entrySet()) {
      if (e.getValue().size() > options.maxShared()) {
        shared.add(e.getKey());
        sharedList.add(new IdentityReport.Shared(e.getKey(), e.getValue().size()));
      }
    }
    for (SightingNodes.Node node : nodeList) {
      if (node.malformed) {
        continue;
      }
      int holders = node.holderCount;
      if (node.id.kind().equals(IdentifierKind.EMAIL)) {
        List<Integer> owners = verified.get(node.id);
        if (owners != null) {
          Set<Integer> all = new HashSet<>(owners);
          for (int h : node.holders) {
            all.add(h);
          }
          holders = Math.max(holders, all.size());
        }
      }
      if (holders > options.maxShared() && !shared.contains(node.id)) {
        shared.add(node.id);
        sharedList.add(new IdentityReport.Shared(node.id, holders));
      }
    }
  }

  private void strongIdentifiers() {
    uf = new UnionFind(acc.length);
    confidence = new double[acc.length];
    Arrays.fill(confidence, 1.0);
    for (int i = 0; i < acc.length; i++) {
      Map<String, String> m = new HashMap<>();
      if (email[i] != null && !shared.contains(new Identifier(IdentifierKind.EMAIL, email[i]))) {
        m.put(IdentifierKind.EMAIL.name(), email[i]);
      }
      for (var c : columns.get(i).entrySet()) {
        if (!shared.contains(new Identifier(new IdentifierKind(c.getKey()), c.getValue()))) {
          m.put(c.getKey(), c.getValue());
        }
      }
      strong.add(m);
    }
  }

  private void deterministicCandidates() {
    // only identifiers held by several accounts make candidates: sorting those, not all of them
    // (one email per account at 100,000 customers), gives the same candidates in the same order
    List<Identifier> verifiedKeys = new ArrayList<>();
    for (var e : verified.entrySet()) {
      if (e.getValue().size() >= 2 && !shared.contains(e.getKey())) {
        verifiedKeys.add(e.getKey());
      }
    }
    verifiedKeys.sort(null);
    for (Identifier v : verifiedKeys) {
      List<Integer> holders = verified.get(v);
      int first = holders.get(0);
      for (int k = 1; k < holders.size(); k++) {
        candidates.add(
            new Candidate(first, holders.get(k), "same_" + v.kind().name(), Double.NaN, 1.0));
      }
    }
  }

  /** Applies the candidates strongest first, blocking conflicts and recorded un-merges. */
  private void applyCandidates() {
    // strongest first; deterministic (confidence 1) before probabilistic of equal confidence
    candidates.sort(
        Comparator.comparingDouble((Candidate c) -> -c.confidence())
            .thenComparing(c -> Double.isNaN(c.weight()) ? 0 : 1)
            .thenComparingInt(c -> c.a())
            .thenComparingInt(c -> c.b()));
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (Candidate c : candidates) {
      if (!acc[c.a()].profilingAllowed() || !acc[c.b()].profilingAllowed()) {
        consentBlocked++;
        continue;
      }
      int ra = uf.find(c.a());
      int rb = uf.find(c.b());
      if (ra == rb) {
        continue;
      }
      String why = conflict(strong.get(ra), strong.get(rb));
      if (why == null) {
        why = unmerged(ra, rb, uf, members);
      }
      if (why != null) {
        conflictCount++;
        if (conflicts.size() < REPORT_LIMIT) {
          conflicts.add(
              new IdentityReport.Conflict(acc[c.a()].id(), acc[c.b()].id(), c.rule(), why));
        }
        continue;
      }
      int root = uf.union(ra, rb);
      int other = root == ra ? rb : ra;
      Map<String, String> merged = new HashMap<>(strong.get(other));
      merged.putAll(strong.get(root));
      strong.set(root, merged);
      confidence[root] = Math.min(Math.min(confidence[ra], confidence[rb]), c.confidence());
      List<Integer> mr = members.remove(ra);
      List<Integer> mo = members.remove(rb);
      List<Integer> m = new ArrayList<>(mr == null ? List.of(ra) : mr);
      m.addAll(mo == null ? List.of(rb) : mo);
      members.put(root, m);
      accountLinks.merge(c.rule(), 1L, Long::sum);
      Instant when = latest(acc[c.a()].signupAt(), acc[c.b()].signupAt());
      IdentityLink link =
          new IdentityLink(
              new Identifier(IdentifierKind.CUSTOMER_ID, acc[c.b()].id().value()),
              new Identifier(IdentifierKind.CUSTOMER_ID, acc[c.a()].id().value()),
              c.rule(),
              c.weight(),
              c.confidence(),
              List.of("customers:" + acc[c.a()].id(), "customers:" + acc[c.b()].id()),
              when,
              when);
      List<IdentityLink> l = new ArrayList<>();
      List<IdentityLink> la = linksByRoot.remove(ra);
      List<IdentityLink> lb = linksByRoot.remove(rb);
      if (la != null) {
        l.addAll(la);
      }
      if (lb != null) {
        l.addAll(lb);
      }
      l.add(link);
      linksByRoot.put(root, l);
      links.add(link);
    }
  }

  /** Anonymous groups: identifiers seen together, and the persons logged in with each group. */
  private void groupNodes() {
    groups = new UnionFind(nodeList.size());
    for (long[] e : nodes.edgesOut) {
      SightingNodes.Node x = nodeList.get((int) e[0]);
      SightingNodes.Node y = nodeList.get((int) e[1]);
      if (usable(x, shared) && usable(y, shared)) {
        groups.union((int) e[0], (int) e[1]);
      }
    }
    for (int k = 0; k < nodeList.size(); k++) {
      SightingNodes.Node node = nodeList.get(k);
      if (!usable(node, shared)) {
        continue;
      }
      Set<Integer> persons = personsOfGroup.computeIfAbsent(groups.find(k), g -> new HashSet<>());
      for (int h : node.holders) {
        persons.add(uf.find(h));
      }
      if (node.id.kind().equals(IdentifierKind.EMAIL)) {
        for (int h : verified.getOrDefault(node.id, List.of())) {
          persons.add(uf.find(h));
        }
      }
    }
    for (int k = 0; k < nodeList.size(); k++) {
      if (usable(nodeList.get(k), shared) && nodeList.get(k).holders.length > 0) {
        loginGroups.add(groups.find(k));
      }
    }
  }

  /** Finds the one person of each usable identifier's group, or reports the group ambiguous. */
  private void attachNodes() {
    for (int k = 0; k < nodeList.size(); k++) {
      SightingNodes.Node node = nodeList.get(k);
      if (!usable(node, shared)) {
        unlinked += node.anonymousRecords;
        continue;
      }
      Set<Integer> persons = personsOfGroup.get(groups.find(k));
      if (persons.size() != 1) {
        unlinked += node.anonymousRecords;
        if (persons.size() > 1) {
          ambiguousCount++;
          if (ambiguous.size() < REPORT_LIMIT) {
            ambiguous.add(new IdentityReport.Shared(node.id, persons.size()));
          }
        }
        continue;
      }
      int root = persons.iterator().next();
      if (!acc[root].profilingAllowed()) {
        unlinked += node.anonymousRecords;
        consentBlocked++;
        continue;
      }
      resolvedRoot.put(k, root);
    }
  }

  /** Attaches each resolved identifier to its person and records the link. */
  private void linkAttached() {
    // resolved ids: the smallest account id of each person (accounts are sorted by id)
    int[] resolvedId = new int[acc.length];
    Arrays.fill(resolvedId, -1);
    for (int i = 0; i < acc.length; i++) {
      int r = uf.find(i);
      if (resolvedId[r] < 0) {
        resolvedId[r] = i;
      }
    }
    for (var e : resolvedRoot.entrySet()) {
      SightingNodes.Node node = nodeList.get(e.getKey());
      int root = e.getValue();
      CustomerId person = acc[resolvedId[root]].id();
      attached.put(node.id, person);
      if (node.id.kind().equals(IdentifierKind.EMAIL) && verified.containsKey(node.id)) {
        // the person's own account email, seen in events: an identifier of theirs already
        if (node.anonymousRecords > 0) {
          recordLinks.merge("verified_email", node.anonymousRecords, Long::sum);
        }
        continue;
      }
      String rule;
      Identifier to;
      List<String> evidence = new ArrayList<>();
      if (node.holders.length > 0) {
        rule = "login";
        to = new Identifier(IdentifierKind.CUSTOMER_ID, acc[node.holders[0]].id().value());
        evidence.add("events:" + node.loginRecord);
      } else if (node.id.kind().equals(IdentifierKind.EMAIL) && verified.containsKey(node.id)) {
        rule = "verified_email";
        to =
            new Identifier(
                IdentifierKind.CUSTOMER_ID, acc[verified.get(node.id).get(0)].id().value());
        evidence.add("customers:" + to.value());
      } else {
        // linked through the identifiers it was seen with: a login among them, or else the
        // person's verified email
        rule = loginGroups.contains(groups.find(e.getKey())) ? "same_event" : "verified_email";
        to = new Identifier(IdentifierKind.CUSTOMER_ID, person.value());
      }
      if (node.firstRecord != null
          && !evidence.contains("events:" + node.firstRecord)
          && evidence.size() < EVIDENCE) {
        evidence.add("events:" + node.firstRecord);
      }
      IdentityLink link =
          new IdentityLink(node.id, to, rule, Double.NaN, 1.0, evidence, node.first, node.last);
      links.add(link);
      linksByRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(link);
      identifierLinks.merge(rule, 1L, Long::sum);
      if (node.anonymousRecords > 0) {
        recordLinks.merge(rule, node.anonymousRecords, Long::sum);
      }
    }
  }

  /** Persons: the accounts of each union-find root with their identifiers. */
  private void buildPersons() {
    Map<Integer, List<Integer>> accountsOf = new TreeMap<>();
    for (int i = 0; i < acc.length; i++) {
      if (!acc[i].profilingAllowed()) {
        withoutConsent++;
        continue;
      }
      accountsOf.computeIfAbsent(uf.find(i), r -> new ArrayList<>()).add(i);
    }
    Map<Integer, List<Identifier>> attachedOf = new HashMap<>();
    for (var e : resolvedRoot.entrySet()) {
      attachedOf
          .computeIfAbsent(e.getValue(), r -> new ArrayList<>())
          .add(nodeList.get(e.getKey()).id);
    }
    for (var e : accountsOf.entrySet()) {
      int root = e.getKey();
      List<CustomerId> ids = new ArrayList<>();
      Set<Identifier> identifiers = new TreeSet<>();
      for (int i : e.getValue()) {
        ids.add(acc[i].id());
        identifiers.add(new Identifier(IdentifierKind.CUSTOMER_ID, acc[i].id().value()));
        if (email[i] != null && !shared.contains(new Identifier(IdentifierKind.EMAIL, email[i]))) {
          identifiers.add(new Identifier(IdentifierKind.EMAIL, email[i]));
        }
        if (phone[i] != null && !shared.contains(new Identifier(IdentifierKind.PHONE, phone[i]))) {
          identifiers.add(new Identifier(IdentifierKind.PHONE, phone[i]));
        }
        for (var c : columns.get(i).entrySet()) {
          Identifier id = new Identifier(new IdentifierKind(c.getKey()), c.getValue());
          if (!shared.contains(id)) {
            identifiers.add(id);
          }
        }
      }
      identifiers.addAll(attachedOf.getOrDefault(root, List.of()));
      ids.sort(null);
      if (ids.size() > 1) {
        merged++;
      }
      CustomerId person = ids.get(0);
      persons.add(new ResolvedCustomer(person, ids, List.copyOf(identifiers), confidence[root]));
      linksByCustomer.put(person, linksByRoot.getOrDefault(root, List.of()));
    }
  }

  private IdentityGraph buildGraph() {
    persons.sort(Comparator.comparing(ResolvedCustomer::id));
    sharedList.sort(
        Comparator.comparingLong((IdentityReport.Shared s) -> -s.customers())
            .thenComparing(IdentityReport.Shared::identifier));
    IdentityReport report =
        new IdentityReport(
            acc.length,
            withoutConsent,
            persons.size(),
            merged,
            accountLinks,
            identifierLinks,
            recordLinks,
            unlinked,
            below,
            consentBlocked,
            sharedList.subList(0, Math.min(REPORT_LIMIT, sharedList.size())),
            sharedList.size(),
            ambiguous,
            ambiguousCount,
            conflicts,
            conflictCount,
            malformed,
            malformedExamples,
            model,
            options.minConfidence(),
            options.unmerges(),
            curve);
    return new IdentityGraph(persons, attached, links, linksByCustomer, report);
  }

  private static boolean usable(SightingNodes.Node node, Set<Identifier> shared) {
    return !node.malformed && !shared.contains(node.id);
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  /** Why two persons cannot be one: two different verified values of one kind, or null. */
  private static String conflict(Map<String, String> a, Map<String, String> b) {
    for (var e : a.entrySet()) {
      String other = b.get(e.getKey());
      if (other != null && !other.equals(e.getValue())) {
        return "different " + e.getKey();
      }
    }
    return null;
  }

  private String unmerged(int ra, int rb, UnionFind uf, Map<Integer, List<Integer>> members) {
    for (Unmerge u : options.unmerges()) {
      Integer x = index.get(u.account());
      if (x == null) {
        continue;
      }
      int rx = uf.find(x);
      if (rx != ra && rx != rb) {
        continue;
      }
      int otherRoot = rx == ra ? rb : ra;
      for (CustomerId f : u.from()) {
        Integer y = index.get(f);
        if (y != null && uf.find(y) == otherRoot) {
          return "un-merged by " + u.who() + ": " + u.why();
        }
      }
    }
    return null;
  }

  private void cleanAccounts() {
    email = new String[acc.length];
    phone = new String[acc.length];
    columns = new ArrayList<>();
    for (int i = 0; i < acc.length; i++) {
      Account a = acc[i];
      email[i] = clean(IdentifierKind.EMAIL, a.email(), a);
      phone[i] = clean(IdentifierKind.PHONE, a.phone(), a);
      Map<String, String> cols = new TreeMap<>();
      for (String c : options.columns()) {
        String v = clean(new IdentifierKind(c), a.columns().get(c), a);
        if (v != null) {
          cols.put(c, v);
        }
      }
      columns.add(cols);
    }
  }

  /** The value if it may link, else null (reported when malformed, with its account). */
  private String clean(IdentifierKind kind, String value, Account where) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    String why = IdentityResolver.malformedReason(kind, v);
    if (why != null) {
      malformed.merge(kind.name(), 1L, Long::sum);
      if (malformedExamples.size() < EXAMPLES) {
        malformedExamples.add("customers:" + where.id() + " " + kind + ": " + why);
      }
      return null;
    }
    return v;
  }
}
