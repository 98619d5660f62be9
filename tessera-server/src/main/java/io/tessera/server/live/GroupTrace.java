package io.tessera.server.live;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where each group commit's time went, one line a group, when the server is started with {@code
 * -Dtessera.live.trace=FILE} (for measuring, e.g. through {@code TESSERA_JAVA_OPTS}); otherwise it
 * records nothing. Columns, tab-separated, times in milliseconds: the epoch millisecond the group
 * was written, requests, messages, the longest queue wait of its requests (submitted to folded),
 * the span from its first fold to its hand-over (it takes requests while the previous group
 * commits), the fold's own time (records, memberships, webhooks), the wait for the committer, the
 * appends, the commit (WAL write and sync), the listeners (change stream, webhook deliverer), the
 * hand-over of the acknowledgements, and the oldest request's whole time in the server: from its
 * queueing to its acknowledgement (the memberships its events changed are visible to readers from
 * the end of the fold, before this).
 */
final class GroupTrace implements AutoCloseable {
  static final String HEADER =
      "at_ms\trequests\tmessages\tmax_wait_ms\tspan_ms\tfold_ms\thandover_ms\tappend_ms\tcommit_ms"
          + "\tlisteners_ms\tack_ms\toldest_ms";

  private final BufferedWriter out;

  private GroupTrace(BufferedWriter out) {
    this.out = out;
  }

  static GroupTrace fromSystemProperty() {
    String file = System.getProperty("tessera.live.trace");
    if (file == null || file.isBlank()) {
      return new GroupTrace(null);
    }
    try {
      BufferedWriter w = Files.newBufferedWriter(Path.of(file));
      w.write(HEADER);
      w.newLine();
      return new GroupTrace(w);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the group trace " + file, e);
    }
  }

  /** Records one written group (on the committer thread). */
  synchronized void group(
      int requests,
      int messages,
      long maxWait,
      long span,
      long fold,
      long handover,
      long append,
      long commit,
      long listeners,
      long ack,
      long oldest) {
    if (out == null) {
      return;
    }
    try {
      out.write(
          String.format(
              Locale.ROOT,
              "%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f",
              System.currentTimeMillis(),
              requests,
              messages,
              maxWait / 1e6,
              span / 1e6,
              fold / 1e6,
              handover / 1e6,
              append / 1e6,
              commit / 1e6,
              listeners / 1e6,
              ack / 1e6,
              oldest / 1e6));
      out.newLine();
    } catch (IOException e) {
      System.err.println("tessera serve: the group trace stopped: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      System.err.println("tessera serve: the group trace could not be closed: " + e.getMessage());
    }
  }
}
