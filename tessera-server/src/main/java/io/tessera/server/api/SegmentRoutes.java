package io.tessera.server.api;

import io.javalin.http.Context;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import io.tessera.server.live.LiveEngine;
import io.tessera.store.live.LiveQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live segment catalog: every segment with its size, one with its size by day, its members. */
final class SegmentRoutes {
  private final LiveEngine engine;
  private final LiveQueries live;

  SegmentRoutes(LiveEngine engine, LiveQueries live) {
    this.engine = engine;
    this.live = live;
  }

  List<Endpoint> endpoints(String v) {
    return List.of(
        new Endpoint(
            "GET",
            v + "/segments",
            "The live segment catalog with sizes",
            Role.ALL_USERS,
            "segments",
            200,
            this::segments),
        new Endpoint(
            "GET",
            v + "/segments/{id}",
            "One segment with its size by day",
            Role.ALL_USERS,
            "segments",
            200,
            this::segment),
        new Endpoint(
            "GET",
            v + "/segments/{id}/members",
            "Members of a segment, paged by ?after=<id>&limit=n",
            Role.CUSTOMER_READERS,
            "segments",
            200,
            this::members));
  }

  private void segments(Context ctx, Principal who) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format_version", 1);
    out.put("customers", engine.customerCount());
    out.put("segments", engine.segments());
    ctx.json(out);
  }

  private void segment(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    LiveEngine.SegmentView s =
        engine.segments().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("no segment with id '" + id + "'"));
    List<Map<String, Object>> byDay = new ArrayList<>();
    long running = 0;
    for (var day : live.segmentNetChangeByDay(id).entrySet()) {
      running += day.getValue();
      byDay.add(Map.of("day", day.getKey().toString(), "size", running));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("segment", s);
    out.put("size_by_day", byDay);
    ctx.json(out);
  }

  private void members(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (!engine.segmentExists(id)) {
      throw ApiException.notFound("no segment with id '" + id + "'");
    }
    int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
    String after = ctx.queryParam("after");
    List<String> page = engine.members(id, after, limit);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("segment_id", id);
    out.put("members", page);
    out.put("next_after", page.size() == limit ? page.get(page.size() - 1) : null);
    ctx.json(out);
  }
}
