package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The identifiers seen in records (sightings), their login holders and co-occurrence edges. */
final class SightingNodes {
  /** A sighting identifier: an anonymous id, device or email seen in records. */
  static final class Node {
    final Identifier id;
    int[] holders = new int[0]; // distinct accounts logged in with it (capped)
    int holderCount;
    String firstRecord;
    String loginRecord;
    Instant first;
    long firstPosition; // the first record's position in record order, for ties in time
    Instant last;
    long anonymousRecords; // records without a customer id whose primary identifier this is
    boolean malformed;

    Node(Identifier id) {
      this.id = id;
    }
  }

  private final int cap;
  private final Map<String, Long> malformed;
  private final List<String> malformedExamples;
  final List<long[]> edgesOut = new ArrayList<>();
  private final Set<Long> edges = new HashSet<>();
  private final Map<Identifier, Integer> nodeIndex = new HashMap<>();
  final List<Node> nodeList = new ArrayList<>();
  private final Map<CustomerId, Integer> pendingIndex = new HashMap<>();
  final List<CustomerId> seenIds = new ArrayList<>();

  SightingNodes(int cap, Map<String, Long> malformed, List<String> malformedExamples) {
    this.cap = cap;
    this.malformed = malformed;
    this.malformedExamples = malformedExamples;
  }

  /**
   * Collects nodes, holders (numbered by first sighting) and edges from the sightings, groups of
   * records in the order of their first records.
   */
  void collect(Iterator<SightingGroup> sightings) {
    int[] ids = new int[3];
    while (sightings.hasNext()) {
      SightingGroup s = sightings.next();
      int n = 0;
      n = addNode(s, IdentifierKind.ANONYMOUS_ID, s.anonymousId(), ids, n);
      n = addNode(s, IdentifierKind.DEVICE_ID, s.deviceId(), ids, n);
      n = addNode(s, IdentifierKind.EMAIL, s.email(), ids, n);
      if (n == 0) {
        continue;
      }
      if (s.customerId() == null) {
        nodeList.get(ids[0]).anonymousRecords += s.records();
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
            node.loginRecord = s.firstRecordId();
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
  }

  /** Holders were numbered by first sighting: renumbers them to account indices. */
  void renumber(Map<CustomerId, Integer> index) {
    int[] renumber = new int[seenIds.size()];
    for (int i = 0; i < renumber.length; i++) {
      renumber[i] = index.get(seenIds.get(i));
    }
    for (Node node : nodeList) {
      for (int k = 0; k < node.holders.length; k++) {
        node.holders[k] = renumber[node.holders[k]];
      }
    }
  }

  private int addNode(SightingGroup s, IdentifierKind kind, String value, int[] ids, int n) {
    if (value == null) {
      return n;
    }
    Identifier id = new Identifier(kind, value);
    Integer k = nodeIndex.get(id);
    Node node;
    if (k == null) {
      node = new Node(id);
      String why = IdentityResolver.malformedReason(kind, value);
      if (why != null) {
        node.malformed = true;
        malformed.merge(kind.name(), 1L, Long::sum);
        if (malformedExamples.size() < IdentityResolver.EXAMPLES) {
          malformedExamples.add("events:" + s.firstRecordId() + " " + kind + ": " + why);
        }
      }
      k = nodeList.size();
      nodeList.add(node);
      nodeIndex.put(id, k);
      node.firstRecord = s.earliestRecordId();
      node.first = s.earliest();
      node.firstPosition = s.earliestPosition();
      node.last = s.latest();
    } else {
      node = nodeList.get(k);
      // the earliest record: by time, then by record order
      int c = s.earliest().compareTo(node.first);
      if (c < 0 || (c == 0 && s.earliestPosition() < node.firstPosition)) {
        node.first = s.earliest();
        node.firstRecord = s.earliestRecordId();
        node.firstPosition = s.earliestPosition();
      }
      if (s.latest().isAfter(node.last)) {
        node.last = s.latest();
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
