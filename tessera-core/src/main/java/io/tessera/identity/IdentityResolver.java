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
import java.util.regex.Pattern;

/**
 * Resolves accounts and sightings into persons: {@code resolve(accounts, sightings, options)}.
 *
 * <p>The steps, each a guard rail or a kind of link:
 *
 * <ol>
 *   <li>Malformed identifiers are refused and reported: an email or phone that is not a keyed
 *       pseudonym ({@code h:} + 32 hex digits: a raw or broken value), any identifier with control
 *       characters or longer than 256 characters. They never link.
 *   <li>Shared identifiers, held by more than {@code max_shared} accounts (a shop's test email, a
 *       call-centre phone), link nobody and are reported.
 *   <li>Accounts are merged deterministically when they hold the same verified identifier (the
 *       account email, a configured identity column), and probabilistically when a {@link
 *       FellegiSunter} model fitted on this data gives the pair a posterior match probability of at
 *       least {@code min_confidence}. Candidate pairs come from blocking rules (same phone; a
 *       device or anonymous id both logged in on), so comparisons grow with the accounts times
 *       {@code max_shared}, not with their square. Links are applied strongest first with a
 *       union-find; a link that would join two different verified values of one kind (two emails),
 *       or undo a recorded {@link Unmerge}, is blocked and reported. A person's confidence is then
 *       its weakest needed link.
 *   <li>Anonymous ids, devices and emails seen together in records form groups; a group seen logged
 *       in as exactly one person (or carrying that person's verified email) is attached to them, a
 *       group seen with several (a family tablet) is attached to none and reported.
 *   <li>Accounts without consent to profiling are never linked or merged, and nothing is attached
 *       to them.
 * </ol>
 */
public final class IdentityResolver {
  static final Pattern PSEUDONYM = Pattern.compile("h:[0-9a-f]{32}");
  private static final int MAX_LENGTH = 256;
  private static final int REPORT_LIMIT = 100;
  private static final int EXAMPLES = 20;
  private static final int EVIDENCE = 3;

  private IdentityResolver() {}

  public static IdentityGraph resolve(
      Collection<Account> accounts, Iterable<Sighting> sightings, IdentityOptions options) {
    return new Run(options).resolve(accounts, sightings.iterator());
  }

  /** A sighting identifier: an anonymous id, device or email seen in records. */
  private static final class Node {
    final Identifier id;
    int[] holders = new int[0]; // distinct accounts logged in with it (capped)
    int holderCount;
    String firstRecord;
    String loginRecord;
    Instant first;
    Instant last;
    long anonymousRecords; // records without a customer id whose primary identifier this is
    boolean malformed;

    Node(Identifier id) {
      this.id = id;
    }
  }

  private static final class Run {
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

    Run(IdentityOptions options) {
      this.options = options;
      this.cap = options.maxShared() + 1;
    }

    IdentityGraph resolve(Collection<Account> given, Iterator<Sighting> sightings) {
      Map<CustomerId, Account> unique = new TreeMap<>();
      for (Account a : given) {
        unique.putIfAbsent(a.id(), a);
      }
      // sightings may name accounts without a row: collect nodes first, then index accounts
      List<long[]> edgesOut = new ArrayList<>();
      Set<Long> edges = new HashSet<>();
      Map<Identifier, Integer> nodeIndex = new HashMap<>();
      List<Node> nodeList = new ArrayList<>();
      Map<CustomerId, Integer> pendingIndex = new HashMap<>();
      List<CustomerId> seenIds = new ArrayList<>();
      while (sightings.hasNext()) {
        Sighting s = sightings.next();
        int[] ids = new int[3];
        int n = 0;
        n = addNode(s, IdentifierKind.ANONYMOUS_ID, s.anonymousId(), nodeIndex, nodeList, ids, n);
        n = addNode(s, IdentifierKind.DEVICE_ID, s.deviceId(), nodeIndex, nodeList, ids, n);
        n = addNode(s, IdentifierKind.EMAIL, s.email(), nodeIndex, nodeList, ids, n);
        if (n == 0) {
          continue;
        }
        if (s.customerId() == null) {
          nodeList.get(ids[0]).anonymousRecords++;
        } else {
          Integer who = pendingIndex.get(s.customerId());
          if (who == null) {
            who = seenIds.size();
            seenIds.add(s.customerId());
            pendingIndex.put(s.customerId(), who);
          }
          for (int k = 0; k < n; k++) {
            Node node = nodeList.get(ids[k]);
            addHolder(node, who);
            if (node.loginRecord == null) {
              node.loginRecord = s.recordId();
            }
          }
        }
        for (int a = 0; a < n; a++) {
          for (int b = a + 1; b < n; b++) {
            int x = Math.min(ids[a], ids[b]);
            int y = Math.max(ids[a], ids[b]);
            if (edges.add(((long) x << 32) | y)) {
              edgesOut.add(new long[] {x, y});
            }
          }
        }
      }
      for (CustomerId id : seenIds) {
        unique.putIfAbsent(id, Account.bare(id, true));
      }
      acc = unique.values().toArray(Account[]::new);
      index = new HashMap<>();
      for (int i = 0; i < acc.length; i++) {
        index.put(acc[i].id(), i);
      }
      // holders were numbered by first sighting: renumber to account indices
      int[] renumber = new int[seenIds.size()];
      for (int i = 0; i < renumber.length; i++) {
        renumber[i] = index.get(seenIds.get(i));
      }
      for (Node node : nodeList) {
        for (int k = 0; k < node.holders.length; k++) {
          node.holders[k] = renumber[node.holders[k]];
        }
      }
      cleanAccounts();

      // verified identifiers and their holders
      Map<Identifier, List<Integer>> verified = new HashMap<>();
      Map<Identifier, List<Integer>> phones = new HashMap<>();
      for (int i = 0; i < acc.length; i++) {
        if (email[i] != null) {
          verified
              .computeIfAbsent(
                  new Identifier(IdentifierKind.EMAIL, email[i]), k -> new ArrayList<>())
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
              .computeIfAbsent(
                  new Identifier(IdentifierKind.PHONE, phone[i]), k -> new ArrayList<>())
              .add(i);
        }
      }
      Set<Identifier> shared = new HashSet<>();
      List<IdentityReport.Shared> sharedList = new ArrayList<>();
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
      for (Node node : nodeList) {
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

      // ---- account merges
      UnionFind uf = new UnionFind(acc.length);
      double[] confidence = new double[acc.length];
      Arrays.fill(confidence, 1.0);
      List<Map<String, String>> strong = new ArrayList<>();
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
      Map<String, Long> accountLinks = new TreeMap<>();
      List<Candidate> candidates = new ArrayList<>();
      List<Identifier> verifiedKeys = new ArrayList<>(verified.keySet());
      verifiedKeys.sort(null);
      for (Identifier v : verifiedKeys) {
        List<Integer> holders = verified.get(v);
        if (holders.size() < 2 || shared.contains(v)) {
          continue;
        }
        int first = holders.get(0);
        for (int k = 1; k < holders.size(); k++) {
          candidates.add(
              new Candidate(first, holders.get(k), "same_" + v.kind().name(), Double.NaN, 1.0));
        }
      }
      // probabilistic candidates: blocking on phone and on a shared device or anonymous id
      Set<Long> phoneBlock = new HashSet<>();
      List<Identifier> phoneKeys = new ArrayList<>(phones.keySet());
      phoneKeys.sort(null);
      for (Identifier p : phoneKeys) {
        List<Integer> h = phones.get(p);
        if (h.size() < 2 || shared.contains(p)) {
          continue;
        }
        pairs(h, phoneBlock);
      }
      Set<Long> deviceBlock = new HashSet<>();
      for (Node node : nodeList) {
        if (node.malformed
            || shared.contains(node.id)
            || node.holders.length < 2
            || node.id.kind().equals(IdentifierKind.EMAIL)) {
          continue;
        }
        List<Integer> h = new ArrayList<>();
        for (int x : node.holders) {
          h.add(x);
        }
        h.sort(null);
        pairs(h, deviceBlock);
      }
      Set<Long> blocked = new HashSet<>(phoneBlock);
      blocked.addAll(deviceBlock);
      int beforeConsent = blocked.size();
      blocked.removeIf(
          key ->
              !acc[(int) (key >>> 32)].profilingAllowed()
                  || !acc[(int) (long) key].profilingAllowed());
      consentBlocked += beforeConsent - blocked.size();
      FellegiSunter.Profile[] profiles = new FellegiSunter.Profile[acc.length];
      for (int i = 0; i < acc.length; i++) {
        String p =
            phone[i] == null || shared.contains(new Identifier(IdentifierKind.PHONE, phone[i]))
                ? null
                : phone[i];
        Account a = acc[i];
        String place =
            a.country() == null || a.region() == null
                ? null
                : a.country().strip().toLowerCase(java.util.Locale.ROOT)
                    + "/"
                    + a.region().strip().toLowerCase(java.util.Locale.ROOT);
        String gender =
            a.gender() == null || a.gender().isBlank()
                ? null
                : a.gender().strip().toLowerCase(java.util.Locale.ROOT);
        profiles[i] = new FellegiSunter.Profile(p, a.birthYear(), gender, place);
      }
      MatchModel model = null;
      long below = 0;
      if (!blocked.isEmpty()) {
        int[] consenting =
            java.util.stream.IntStream.range(0, acc.length)
                .filter(i -> acc[i].profilingAllowed())
                .toArray();
        long[] random =
            FellegiSunter.randomPairs(consenting.length, options.randomPairs(), options.seed());
        List<byte[]> randomVectors = new ArrayList<>(random.length);
        for (long key : random) {
          int i = consenting[(int) (key / consenting.length)];
          int j = consenting[(int) (key % consenting.length)];
          randomVectors.add(
              FellegiSunter.compare(profiles[i], profiles[j], deviceBlock.contains(pairKey(i, j))));
        }
        List<Long> blockedKeys = new ArrayList<>(blocked);
        blockedKeys.sort(null);
        List<byte[]> all = new ArrayList<>();
        for (long key : blockedKeys) {
          all.add(
              FellegiSunter.compare(
                  profiles[(int) (key >>> 32)], profiles[(int) key], deviceBlock.contains(key)));
        }
        FellegiSunter fs = FellegiSunter.fit(randomVectors, all, options.maxIterations());
        model = fs.report(blockedKeys.size(), random.length);
        for (int k = 0; k < blockedKeys.size(); k++) {
          long key = blockedKeys.get(k);
          double w = fs.weight(all.get(k));
          double p = FellegiSunter.probability(w);
          if (p >= options.minConfidence()) {
            candidates.add(new Candidate((int) (key >>> 32), (int) key, "probabilistic", w, p));
          } else {
            below++;
          }
        }
      }
      // strongest first; deterministic (confidence 1) before probabilistic of equal confidence
      candidates.sort(
          Comparator.comparingDouble((Candidate c) -> -c.confidence)
              .thenComparing(c -> Double.isNaN(c.weight) ? 0 : 1)
              .thenComparingInt(c -> c.a)
              .thenComparingInt(c -> c.b));
      Map<Integer, List<Integer>> members = new HashMap<>();
      for (Candidate c : candidates) {
        if (!acc[c.a].profilingAllowed() || !acc[c.b].profilingAllowed()) {
          consentBlocked++;
          continue;
        }
        int ra = uf.find(c.a);
        int rb = uf.find(c.b);
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
            conflicts.add(new IdentityReport.Conflict(acc[c.a].id(), acc[c.b].id(), c.rule, why));
          }
          continue;
        }
        int root = uf.union(ra, rb);
        int other = root == ra ? rb : ra;
        Map<String, String> merged = new HashMap<>(strong.get(other));
        merged.putAll(strong.get(root));
        strong.set(root, merged);
        confidence[root] = Math.min(Math.min(confidence[ra], confidence[rb]), c.confidence);
        List<Integer> mr = members.remove(ra);
        List<Integer> mo = members.remove(rb);
        List<Integer> m = new ArrayList<>(mr == null ? List.of(ra) : mr);
        m.addAll(mo == null ? List.of(rb) : mo);
        members.put(root, m);
        accountLinks.merge(c.rule, 1L, Long::sum);
        Instant when = latest(acc[c.a].signupAt(), acc[c.b].signupAt());
        IdentityLink link =
            new IdentityLink(
                new Identifier(IdentifierKind.CUSTOMER_ID, acc[c.b].id().value()),
                new Identifier(IdentifierKind.CUSTOMER_ID, acc[c.a].id().value()),
                c.rule,
                c.weight,
                c.confidence,
                List.of("customers:" + acc[c.a].id(), "customers:" + acc[c.b].id()),
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

      // ---- anonymous groups
      UnionFind groups = new UnionFind(nodeList.size());
      for (long[] e : edgesOut) {
        Node x = nodeList.get((int) e[0]);
        Node y = nodeList.get((int) e[1]);
        if (usable(x, shared) && usable(y, shared)) {
          groups.union((int) e[0], (int) e[1]);
        }
      }
      Map<Integer, Set<Integer>> personsOfGroup = new HashMap<>();
      for (int k = 0; k < nodeList.size(); k++) {
        Node node = nodeList.get(k);
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
      Set<Integer> loginGroups = new HashSet<>();
      for (int k = 0; k < nodeList.size(); k++) {
        if (usable(nodeList.get(k), shared) && nodeList.get(k).holders.length > 0) {
          loginGroups.add(groups.find(k));
        }
      }
      Map<Identifier, CustomerId> attached = new HashMap<>();
      Map<String, Long> identifierLinks = new TreeMap<>();
      Map<String, Long> recordLinks = new TreeMap<>();
      long unlinked = 0;
      List<IdentityReport.Shared> ambiguous = new ArrayList<>();
      long ambiguousCount = 0;
      Map<Integer, Integer> resolvedRoot = new HashMap<>();
      for (int k = 0; k < nodeList.size(); k++) {
        Node node = nodeList.get(k);
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
        Node node = nodeList.get(e.getKey());
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

      // ---- persons
      Map<Integer, List<Integer>> accountsOf = new TreeMap<>();
      long withoutConsent = 0;
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
      List<ResolvedCustomer> persons = new ArrayList<>();
      Map<CustomerId, List<IdentityLink>> linksByCustomer = new HashMap<>();
      long merged = 0;
      for (var e : accountsOf.entrySet()) {
        int root = e.getKey();
        List<CustomerId> ids = new ArrayList<>();
        Set<Identifier> identifiers = new java.util.TreeSet<>();
        for (int i : e.getValue()) {
          ids.add(acc[i].id());
          identifiers.add(new Identifier(IdentifierKind.CUSTOMER_ID, acc[i].id().value()));
          if (email[i] != null
              && !shared.contains(new Identifier(IdentifierKind.EMAIL, email[i]))) {
            identifiers.add(new Identifier(IdentifierKind.EMAIL, email[i]));
          }
          if (phone[i] != null
              && !shared.contains(new Identifier(IdentifierKind.PHONE, phone[i]))) {
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
              options.unmerges());
      return new IdentityGraph(persons, attached, links, linksByCustomer, report);
    }

    private static boolean usable(Node node, Set<Identifier> shared) {
      return !node.malformed && !shared.contains(node.id);
    }

    private static Instant latest(Instant a, Instant b) {
      if (a == null) {
        return b;
      }
      return b == null || a.isAfter(b) ? a : b;
    }

    private static long pairKey(int i, int j) {
      return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    private static void pairs(List<Integer> holders, Set<Long> out) {
      for (int a = 0; a < holders.size(); a++) {
        for (int b = a + 1; b < holders.size(); b++) {
          out.add(pairKey(holders.get(a), holders.get(b)));
        }
      }
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
        String where = "customers:" + a.id();
        email[i] = clean(IdentifierKind.EMAIL, a.email(), where);
        phone[i] = clean(IdentifierKind.PHONE, a.phone(), where);
        Map<String, String> cols = new TreeMap<>();
        for (String c : options.columns()) {
          String v = clean(new IdentifierKind(c), a.columns().get(c), where);
          if (v != null) {
            cols.put(c, v);
          }
        }
        columns.add(cols);
      }
    }

    /** The value if it may link, else null (reported when malformed). */
    private String clean(IdentifierKind kind, String value, String where) {
      if (value == null || value.isBlank()) {
        return null;
      }
      String v = value.strip();
      String why = malformedReason(kind, v);
      if (why != null) {
        malformed.merge(kind.name(), 1L, Long::sum);
        if (malformedExamples.size() < EXAMPLES) {
          malformedExamples.add(where + " " + kind + ": " + why);
        }
        return null;
      }
      return v;
    }

    private int addNode(
        Sighting s,
        IdentifierKind kind,
        String value,
        Map<Identifier, Integer> nodeIndex,
        List<Node> nodeList,
        int[] ids,
        int n) {
      if (value == null) {
        return n;
      }
      Identifier id = new Identifier(kind, value);
      Integer k = nodeIndex.get(id);
      Node node;
      if (k == null) {
        node = new Node(id);
        String why = malformedReason(kind, value);
        if (why != null) {
          node.malformed = true;
          malformed.merge(kind.name(), 1L, Long::sum);
          if (malformedExamples.size() < EXAMPLES) {
            malformedExamples.add("events:" + s.recordId() + " " + kind + ": " + why);
          }
        }
        k = nodeList.size();
        nodeList.add(node);
        nodeIndex.put(id, k);
        node.firstRecord = s.recordId();
        node.first = s.at();
        node.last = s.at();
      } else {
        node = nodeList.get(k);
        if (s.at().isBefore(node.first)) {
          node.first = s.at();
          node.firstRecord = s.recordId();
        }
        if (s.at().isAfter(node.last)) {
          node.last = s.at();
        }
      }
      for (int j = 0; j < n; j++) {
        if (ids[j] == k) {
          return n;
        }
      }
      ids[n] = k;
      return n + 1;
    }

    /** Adds a distinct holder (up to the cap: more than max_shared is shared anyway). */
    private void addHolder(Node node, int who) {
      for (int h : node.holders) {
        if (h == who) {
          return;
        }
      }
      node.holderCount++;
      if (node.holders.length < cap) {
        node.holders = Arrays.copyOf(node.holders, node.holders.length + 1);
        node.holders[node.holders.length - 1] = who;
      }
    }
  }

  /** Why a value cannot be an identifier of its kind, or null when it can. */
  static String malformedReason(IdentifierKind kind, String v) {
    if (v.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        return "holds a control character";
      }
    }
    if (kind.pseudonymised() && !PSEUDONYM.matcher(v).matches()) {
      return "not a keyed pseudonym (malformed, or pseudonymisation is off): never linked";
    }
    return null;
  }

  private record Candidate(int a, int b, String rule, double weight, double confidence) {}
}
