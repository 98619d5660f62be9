package io.tessera.server.feed;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.tessera.server.http.ApiException;
import io.tessera.store.live.LiveQueries;
import io.tessera.store.live.MembershipChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The membership change feed pushed as server-sent events: {@code event: change}, {@code id: <seq>}
 * and the change as JSON (the same fields as {@code GET /api/v1/changes}). A client that gives
 * {@code ?after=<seq>} (or, reconnecting, the {@code Last-Event-ID} header an EventSource sends)
 * first gets the logged changes after it, then the new ones; without it, only new ones. The
 * engine's writer thread only offers each commit's changes to every subscriber's bounded queue;
 * each subscriber's own virtual thread writes to its socket, so a slow client never slows the
 * writer. A client that falls {@link #QUEUE} commits behind gets {@code event: lagged} and is
 * closed; it reconnects with its last id and catches up from the log. A comment line is sent every
 * {@link #HEARTBEAT} so that idle connections stay open through proxies.
 */
public final class ChangeStream implements AutoCloseable {
  /** Commits a subscriber may fall behind before it is dropped. */
  public static final int QUEUE = 10_000;

  /** How often an idle stream gets a comment line. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static final int PAGE = 1_000;

  private static final class Subscriber {
    // set once the stream is open; changes are queued from before that, so none falls between
    volatile SseClient client;
    final BlockingQueue<List<MembershipChange>> queue = new ArrayBlockingQueue<>(QUEUE);
    volatile boolean lagged;

    void offer(List<MembershipChange> changes) {
      if (!lagged && !queue.offer(changes)) {
        lagged = true;
      }
    }
  }

  private final LiveQueries log;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public ChangeStream(LiveQueries log) {
    this.log = log;
  }

  /** The engine's change listener: hands a commit's changes to every open stream. */
  public void publish(List<MembershipChange> changes) {
    for (Subscriber s : subscribers) {
      s.offer(changes);
    }
  }

  /** Open streams (the health endpoint shows it). */
  public int subscribers() {
    return subscribers.size();
  }

  /** Serves {@code GET /api/v1/changes/stream} to an authenticated caller. */
  public void serve(Context ctx) throws Exception {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ApiException(
          406,
          "not_event_stream",
          "this is a server-sent event stream: send Accept: text/event-stream (a browser's"
              + " EventSource does); for pages of changes use GET /api/v1/changes");
    }
    if (closed) {
      throw new ApiException(503, "unavailable", "the server is stopping");
    }
    long after = after(ctx);
    Subscriber s = new Subscriber();
    subscribers.add(s);
    try {
      new SseHandler(
              client -> {
                s.client = client;
                client.keepAlive();
                client.onClose(() -> subscribers.remove(s));
                Thread.ofVirtual().name("tessera-change-stream").start(() -> pump(s, after));
              })
          .handle(ctx);
    } catch (Exception | Error e) {
      subscribers.remove(s);
      throw e;
    }
  }

  private static long after(Context ctx) {
    String s = ctx.queryParam("after");
    String resumed = ctx.header("Last-Event-ID");
    String value = resumed != null && !resumed.isBlank() ? resumed : s;
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      long v = Long.parseLong(value.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_parameter",
          "after (or Last-Event-ID) must be a change's seq, a whole number >= 0; got '"
              + value
              + "'");
    }
  }

  private void pump(Subscriber s, long after) {
    SseClient client = s.client;
    try {
      long last = after;
      if (after >= 0) {
        // the subscriber was registered before this read, so nothing falls between the two
        while (true) {
          List<Map<String, Object>> rows =
              log.changesAfter(last, PAGE).stream().map(ChangeStream::json).toList();
          for (Map<String, Object> row : rows) {
            last = (Long) row.get("seq");
            client.sendEvent("change", row, Long.toString(last));
          }
          if (rows.size() < PAGE || client.terminated()) {
            break;
          }
        }
      }
      while (!client.terminated() && !closed) {
        if (s.lagged && s.queue.isEmpty()) {
          client.sendEvent(
              "lagged",
              Map.of(
                  "message",
                  "this stream fell too far behind and is closed; reconnect with after="
                      + last
                      + " to catch up from the log",
                  "after",
                  last));
          break;
        }
        List<MembershipChange> batch = s.queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (batch == null) {
          client.sendComment("keep-alive");
          continue;
        }
        for (MembershipChange c : batch) {
          if (c.seq() > last) {
            last = c.seq();
            client.sendEvent("change", json(c), Long.toString(last));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the client went away or the store is closing: end this stream
    } finally {
      subscribers.remove(s);
      client.close();
    }
  }

  /** A change as the API shows it. */
  public static Map<String, Object> json(MembershipChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", c.seq());
    m.put("at", c.at().toString());
    m.put("customer_id", c.customerId());
    m.put("segment_id", c.segmentId());
    m.put("change", c.change());
    m.put("cause", c.cause());
    m.put("cause_event_id", c.causeEventId());
    return m;
  }

  /** Ends every open stream (the server is stopping). */
  @Override
  public void close() {
    closed = true;
    for (Subscriber s : subscribers) {
      SseClient c = s.client;
      if (c != null) {
        c.close();
      }
    }
    subscribers.clear();
  }
}
