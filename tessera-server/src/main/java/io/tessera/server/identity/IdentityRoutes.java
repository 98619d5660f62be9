package io.tessera.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.contract.CustomerId;
import io.tessera.identity.IdentityGraph;
import io.tessera.identity.IdentityLink;
import io.tessera.identity.ResolvedCustomer;
import io.tessera.identity.Unmerge;
import io.tessera.server.api.Endpoint;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.RequestBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity endpoints: a customer's identity graph with its evidence, and un-merging an account
 * from a customer. Customer readers may read (values of identifiers for admin and analyst only, as
 * for a customer's anonymous ids); admin and analyst may un-merge. Both are audited.
 */
public final class IdentityRoutes {
  private static final Set<Role> MODELLERS = Set.of(Role.ADMIN, Role.ANALYST);

  private final IdentityLinks links;
  private final AuditLog audit;

  public IdentityRoutes(IdentityLinks links, AuditLog audit) {
    this.links = links;
    this.audit = audit;
  }

  public List<Endpoint> endpoints() {
    String v = "/api/v1";
    return List.of(
        new Endpoint(
            "GET",
            v + "/customers/{id}/identities",
            "A customer's identity graph: accounts, identifiers with the rule and confidence that"
                + " linked each, the links with their evidence, and the recorded un-merges",
            Role.CUSTOMER_READERS,
            "customers",
            200,
            this::identities),
        new Endpoint(
            "POST",
            v + "/customers/{id}/unmerge",
            "Splits an account off a customer ({\"account\", \"reason\"}); later resolutions,"
                + " live and in batch runs, keep them apart",
            MODELLERS,
            "customers",
            200,
            this::unmerge));
  }

  private void identities(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    IdentityGraph g = links.graph();
    ResolvedCustomer c = g.customer(CustomerId.of(id));
    if (c == null) {
      throw ApiException.notFound("no customer with id '" + id + "' in the identity graph");
    }
    audit.record(who, "customer.identities", c.id().value());
    ctx.json(view(g, c, who.role().seesAttributes()));
  }

  private void unmerge(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    JsonNode body = RequestBody.object(ctx);
    String account = text(body, "account");
    String reason = text(body, "reason");
    Unmerge u;
    try {
      u =
          links.unmerge(
              CustomerId.of(id),
              CustomerId.of(account),
              who.keyId() + " (" + who.name() + ")",
              reason);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("not_merged", e.getMessage());
    }
    audit.record(who, "customer.unmerge", id);
    IdentityGraph g = links.graph();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("account", u.account().value());
    out.put("from", u.from().stream().map(CustomerId::value).toList());
    out.put("who", u.who());
    out.put("why", u.why());
    out.put("at", u.at().toString());
    out.put("account_now", view(g, g.customer(u.account()), true));
    out.put(
        "note",
        "applied now: the live profiles are re-split from their accounts' parts and the"
            + " memberships evaluated again; batch outputs follow at the next run, which keeps the"
            + " accounts apart");
    ctx.json(out);
  }

  private static Map<String, Object> view(IdentityGraph g, ResolvedCustomer c, boolean values) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customer_id", c.id().value());
    out.put("accounts", c.accounts().stream().map(CustomerId::value).toList());
    out.put("confidence", c.confidence());
    List<Map<String, Object>> ids = new ArrayList<>();
    for (IdentityGraph.Row r : g.rows()) {
      if (r.resolvedId().equals(c.id())) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.identifier().kind().name());
        m.put("value", values ? r.identifier().value() : null);
        m.put("rule", r.rule());
        m.put("confidence", r.confidence());
        ids.add(m);
      }
    }
    out.put("identifiers", ids);
    List<Map<String, Object>> ls = new ArrayList<>();
    for (IdentityLink l : g.linksOf(c.id())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "from", Map.of("kind", l.from().kind().name(), "value", values ? l.from().value() : ""));
      m.put("to", Map.of("kind", l.to().kind().name(), "value", values ? l.to().value() : ""));
      m.put("rule", l.rule());
      m.put("match_weight", l.deterministic() ? null : l.matchWeight());
      m.put("confidence", l.confidence());
      m.put("evidence", values ? l.evidence() : List.of());
      m.put("first_seen", l.firstSeen() == null ? null : l.firstSeen().toString());
      m.put("last_seen", l.lastSeen() == null ? null : l.lastSeen().toString());
      ls.add(m);
    }
    out.put("links", ls);
    List<Map<String, Object>> us = new ArrayList<>();
    for (Unmerge u : g.report().unmerges()) {
      if (u.account().equals(c.id())
          || c.accounts().contains(u.account())
          || u.from().stream().anyMatch(c.accounts()::contains)) {
        us.add(
            Map.of(
                "account", u.account().value(),
                "from", u.from().stream().map(CustomerId::value).toList(),
                "who", u.who(),
                "why", u.why(),
                "at", u.at().toString()));
      }
    }
    out.put("unmerges", us);
    return out;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("missing_field", field + " is required (a non-empty string)");
    }
    return v.asText().strip();
  }
}
