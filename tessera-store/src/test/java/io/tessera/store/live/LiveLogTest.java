package io.tessera.store.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's log gives back exactly the groups synced into it, after the position the store
 * holds, and never one twice: a torn last entry (the process died while writing it) is cut off,
 * damage anywhere else is an error, and closed segments go once the store holds them.
 */
class LiveLogTest {
  @TempDir Path dir;

  /** A group with every kind of row, its values distinct per {@code i}. */
  static LiveGroup group(int i) {
    Instant at = Instant.ofEpochSecond(1_780_000_000L + i, 123_456_789);
    CustomerId c = CustomerId.of("c" + i);
    Order order =
        new Order(
            "o" + i,
            c,
            at,
            Money.of(12.5 + i, "USD"),
            OrderStatus.COMPLETED,
            "live",
            Map.of("coupon", "X" + i));
    return new LiveGroup(
        at,
        List.of(new LiveWriter.Message("m" + i, "identify", "c" + i, "a" + i)),
        List.of(
            new Event("e" + i, "add_to_cart", at, c, null, null, null, "s", "{\"k\":" + i + "}"),
            new Event(
                "f" + i, "page_view", at.minusNanos(1), null, "a" + i, null, null, null, null)),
        List.of(order),
        List.of(new LiveWriter.AnonymousOrder("a" + i, "e" + i, order)),
        List.of(new OrderItem("o" + i, "p" + i, null, 2, 0.1 + i)),
        List.of(new LiveWriter.Link("a" + i, "c" + i, "m" + i)),
        List.of(new LiveWriter.Traits("c" + i, "{\"plan\":\"é" + i + "\"}")),
        List.of(new LiveWriter.CartTimer("c" + i, "e" + i, at, null, "waiting")),
        List.of(new MembershipChange(i, at, "c" + i, "rule:x", "entered", "event", "e" + i)),
        List.of(new WebhookDelivery("d" + i, "w", "segment.entered", "{}", at)),
        List.of(new AccessTables.AuditEntry(at, "k", "admin", "customer.read", "c" + i)));
  }

  private List<Long> append(LiveLog log, int from, int to) {
    List<Long> seqs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      seqs.add(log.append(LiveLog.encode(group(i)), s -> {}));
    }
    log.sync(seqs.get(seqs.size() - 1));
    return seqs;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().contains(".live-log.")).sorted().toList();
    }
  }

  @Test
  void groupsReadBackShouldEqualThoseAppendedAfterTheStoredPosition() throws Exception {
    Path store = dir.resolve("s.duckdb");
    LiveLog log = LiveLog.of(store);
    log.start(41);
    assertThat(append(log, 0, 5)).containsExactly(42L, 43L, 44L, 45L, 46L);
    log.close();

    List<LiveLog.Entry> back = LiveLog.of(store).recover(43);
    assertThat(back).extracting(LiveLog.Entry::seq).containsExactly(44L, 45L, 46L);
    for (int i = 0; i < 3; i++) {
      assertThat(back.get(i).group()).isEqualTo(group(i + 2));
    }
    assertThat(LiveLog.of(store).recover(46)).isEmpty();
  }

  @Test
  void aTornLastEntryShouldBeCutOffAndTheRestKept() throws Exception {
    Path store = dir.resolve("t.duckdb");
    LiveLog log = LiveLog.of(store);
    log.start(0);
    append(log, 0, 3);
    log.close();
    Path file = files().get(0);
    long synced = Files.size(file);
    // the start of a fourth entry: its header and half its payload
    byte[] whole = Files.readAllBytes(file);
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.APPEND)) {
      c.write(java.nio.ByteBuffer.wrap(whole, 0, 40));
    }

    List<LiveLog.Entry> back = LiveLog.of(store).recover(0);
    assertThat(back).extracting(LiveLog.Entry::seq).containsExactly(1L, 2L, 3L);
    assertThat(Files.size(file)).isEqualTo(synced);
  }

  @Test
  void aDamagedEntryBeforeTheLastSegmentShouldBeAnError() throws Exception {
    Path store = dir.resolve("d.duckdb");
    LiveLog log = LiveLog.of(store, 600);
    log.start(0);
    append(log, 0, 6);
    log.close();
    List<Path> segments = files();
    assertThat(segments.size()).isGreaterThan(1);
    Path first = segments.get(0);
    byte[] b = Files.readAllBytes(first);
    b[b.length / 2] ^= 0x5a;
    Files.write(first, b);

    assertThatThrownBy(() -> LiveLog.of(store, 600).recover(0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not the log's end");
  }

  @Test
  void closedSegmentsShouldGoOnceTheStoreHoldsThem() throws Exception {
    Path store = dir.resolve("r.duckdb");
    LiveLog log = LiveLog.of(store, 600);
    log.start(0);
    append(log, 0, 8);
    int before = files().size();
    assertThat(before).isGreaterThan(2);
    log.stored(log.last()); // every closed segment is stored; the current one stays
    assertThat(files()).hasSize(1);
    append(log, 8, 10);
    log.close();

    // whatever is left is read back from where the store stands
    List<LiveLog.Entry> back = LiveLog.of(store, 600).recover(8);
    assertThat(back).extracting(LiveLog.Entry::seq).containsExactly(9L, 10L);
    assertThat(back.get(1).group()).isEqualTo(group(9));
  }

  @Test
  void aLogThatStartsAfterTheStoredPositionShouldBeRefused() throws Exception {
    Path store = dir.resolve("g.duckdb");
    LiveLog log = LiveLog.of(store);
    log.start(10);
    append(log, 0, 2);
    log.close();
    assertThatThrownBy(() -> LiveLog.of(store).recover(5))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("starts at entry 11");
  }

  @Test
  void aStoreInMemoryShouldNumberEntriesWithoutAFile() throws Exception {
    LiveLog log = LiveLog.of(Path.of(":memory:"));
    log.start(0);
    assertThat(append(log, 0, 3)).containsExactly(1L, 2L, 3L);
    assertThat(files()).isEmpty();
  }
}
