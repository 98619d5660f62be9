package io.tessera.identity;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of identity resolution: the persons, the accepted links with their evidence, and the
 * report. Immutable. Resolve any record's owner with {@link #resolve(Event)}.
 */
public final class IdentityGraph {
  private final List<ResolvedCustomer> customers;
  private final Map<CustomerId, ResolvedCustomer> byAccount;
  private final Map<Identifier, CustomerId> attached;
  private final List<IdentityLink> links;
  private final Map<CustomerId, List<IdentityLink>> linksByCustomer;
  private final IdentityReport report;

  IdentityGraph(
      List<ResolvedCustomer> customers,
      Map<Identifier, CustomerId> attached,
      List<IdentityLink> links,
      Map<CustomerId, List<IdentityLink>> linksByCustomer,
      IdentityReport report) {
    this.customers = List.copyOf(customers);
    this.byAccount = new HashMap<>();
    for (ResolvedCustomer c : customers) {
      for (CustomerId a : c.accounts()) {
        byAccount.put(a, c);
      }
    }
    // handed over by the run that built it, never changed after: wrapped, not copied (a copy of
    // the 159,179 attached identifiers at 100,000 customers cost as much as building them)
    this.attached = Collections.unmodifiableMap(attached);
    this.links = List.copyOf(links);
    Map<CustomerId, List<IdentityLink>> copy = new HashMap<>();
    linksByCustomer.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.linksByCustomer = copy;
    this.report = report;
  }

  /** Every person (consenting accounts only), sorted by resolved id. */
  public List<ResolvedCustomer> customers() {
    return customers;
  }

  public List<IdentityLink> links() {
    return links;
  }

  public IdentityReport report() {
    return report;
  }

  /** The person holding an account (or named by its resolved id), or null for none. */
  public ResolvedCustomer customer(CustomerId account) {
    return byAccount.get(account);
  }

  /** The links that hold a person together and attach identifiers to them. */
  public List<IdentityLink> linksOf(CustomerId resolvedId) {
    return linksByCustomer.getOrDefault(resolvedId, List.of());
  }

  /**
   * The resolved customer of an account: its person's id, or the account itself when it was not
   * resolved (no consent to profiling, or never seen).
   */
  public CustomerId resolve(CustomerId account) {
    ResolvedCustomer c = byAccount.get(account);
    return c == null ? account : c.id();
  }

  /** The customer an anonymous id, device or email was attached to, or null. */
  public CustomerId resolve(Identifier identifier) {
    if (identifier.kind().equals(IdentifierKind.CUSTOMER_ID)) {
      return resolve(CustomerId.of(identifier.value()));
    }
    return attached.get(identifier);
  }

  /**
   * The customer an event belongs to: its customer id's person, else the customer its anonymous id,
   * device or email was attached to; null when it resolves to nobody.
   */
  public CustomerId resolve(Event e) {
    return resolve(Sighting.of(e));
  }

  public CustomerId resolve(Sighting s) {
    if (s.customerId() != null) {
      return resolve(s.customerId());
    }
    CustomerId c = null;
    if (s.anonymousId() != null) {
      c = attached.get(new Identifier(IdentifierKind.ANONYMOUS_ID, s.anonymousId()));
    }
    if (c == null && s.deviceId() != null) {
      c = attached.get(new Identifier(IdentifierKind.DEVICE_ID, s.deviceId()));
    }
    if (c == null && s.email() != null) {
      c = attached.get(new Identifier(IdentifierKind.EMAIL, s.email()));
    }
    return c;
  }

  /** Accounts resolved into another account's person: account to resolved id. */
  public Map<CustomerId, CustomerId> mergedAccounts() {
    Map<CustomerId, CustomerId> out = new HashMap<>();
    for (ResolvedCustomer c : customers) {
      for (CustomerId a : c.accounts()) {
        if (!a.equals(c.id())) {
          out.put(a, c.id());
        }
      }
    }
    return out;
  }

  /** Anonymous ids, devices and emails attached to a customer. */
  public Map<Identifier, CustomerId> attached() {
    return attached;
  }

  /** One row per resolved identifier: what {@code identities.csv} holds. */
  public List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (ResolvedCustomer c : customers) {
      Map<Identifier, IdentityLink> how = new HashMap<>();
      for (IdentityLink l : linksOf(c.id())) {
        how.putIfAbsent(l.from(), l);
      }
      for (Identifier id : c.identifiers()) {
        IdentityLink l = how.get(id);
        String rule;
        double confidence;
        if (l != null) {
          rule = l.rule();
          confidence = l.confidence();
        } else if (id.kind().equals(IdentifierKind.CUSTOMER_ID)) {
          rule = id.value().equals(c.id().value()) ? "resolved_id" : "merged";
          confidence = id.value().equals(c.id().value()) ? 1.0 : c.confidence();
        } else {
          rule = "account";
          confidence = 1.0;
        }
        out.add(new Row(c.id(), id, rule, confidence));
      }
    }
    Collections.sort(
        out,
        (a, b) -> {
          int k = a.resolvedId().compareTo(b.resolvedId());
          return k != 0 ? k : a.identifier().compareTo(b.identifier());
        });
    return out;
  }

  /**
   * One identifier of a person.
   *
   * @param rule how it joined the person: {@code resolved_id} (the person's own account), {@code
   *     account} (on an account row), or the rule of its link
   */
  public record Row(CustomerId resolvedId, Identifier identifier, String rule, double confidence) {}
}
