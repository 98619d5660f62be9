package io.tessera.server.api;

import io.javalin.http.Context;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.runs.BatchRuns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs: refit the live RFM model and start a batch run; a run's status; the list of runs. */
final class RunRoutes {
  private static final Set<Role> MODELLERS = Set.of(Role.ADMIN, Role.ANALYST);

  private final LiveEngine engine;
  private final BatchRuns runs;

  RunRoutes(LiveEngine engine, BatchRuns runs) {
    this.engine = engine;
    this.runs = runs;
  }

  List<Endpoint> endpoints(String v) {
    return List.of(
        new Endpoint(
            "POST",
            v + "/runs",
            "Refits the RFM model on the live profiles and, under `tessera serve`, starts a batch"
                + " run over the store in the background (poll it at /runs/{id})",
            MODELLERS,
            "runs",
            200,
            this::run),
        new Endpoint(
            "GET",
            v + "/runs/{id}",
            "A batch run's status (running, done, failed or interrupted, with its message) and"
                + " output files",
            MODELLERS,
            "runs",
            200,
            this::status),
        new Endpoint(
            "GET",
            v + "/runs",
            "The batch runs, newest first (?limit=n), kept across restarts",
            MODELLERS,
            "runs",
            200,
            this::list));
  }

  private void run(Context ctx, Principal who) {
    BatchRuns.Run batch = runs.available() ? runs.start(who.keyId()) : null;
    ctx.future(
        () ->
            engine
                .refitRfm()
                .thenAccept(
                    m -> {
                      Map<String, Object> out = new LinkedHashMap<>();
                      out.put("kind", "rfm");
                      out.put("status", "done");
                      out.put("model", m);
                      out.put("customers", engine.customerCount());
                      out.put("batch_run", batch == null ? null : json(batch));
                      ctx.json(out);
                    }));
  }

  private void status(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    BatchRuns.Run r = runs.get(id);
    if (r == null) {
      throw ApiException.notFound("no batch run with id '" + id + "'");
    }
    ctx.json(json(r));
  }

  private void list(Context ctx, Principal who) {
    ctx.json(
        Map.of(
            "runs",
            runs.latest(Requests.intParam(ctx, "limit", 20, 1, 1000)).stream()
                .map(RunRoutes::json)
                .toList()));
  }

  private static Map<String, Object> json(BatchRuns.Run r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.id());
    out.put("status", r.status().wireName());
    out.put("message", r.message());
    out.put("started_at", r.startedAt().toString());
    out.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
    out.put("out", r.out().toAbsolutePath().toString());
    out.put("files", r.files());
    out.put("started_by", r.startedBy());
    return out;
  }
}
