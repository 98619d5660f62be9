package io.tessera.store.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The live engine's own write-ahead log: each group commit is appended here and synced ({@link
 * FileChannel#force}) before its requests are acknowledged, and written into DuckDB afterwards, off
 * the acknowledgement's path. A DuckDB checkpoint holds up the commits into the table it writes (a
 * group commit that started during one returned only after it, 0.1-1.7 s), so it now holds up only
 * that later write, never an acknowledgement or an audited read.
 *
 * <p>Entries are numbered from 1 up without gaps; DuckDB keeps the number of the last entry it
 * holds in the same transaction as the entry's rows ({@code live_log_position}), so on start the
 * entries after it are written again ({@link #recover}) and none twice. The log is a run of segment
 * files {@code <store>.live-log.<first entry>}: a segment is closed at {@link #SEGMENT_BYTES} and
 * deleted once DuckDB holds its last entry. An entry is {@code length, CRC-32C, number, payload};
 * an entry cut short or damaged at the end of the last segment (the process died while writing it,
 * before it was synced, so it was never acknowledged) ends the log and is cut off.
 *
 * <p>A store in memory gets a log without a file: entries are numbered, nothing is written.
 */
public final class LiveLog implements AutoCloseable {
  /** A segment is closed, and a new one started, once it is this long. */
  public static final long SEGMENT_BYTES = 64L << 20;

  private static final int HEADER = 16;

  /**
   * An entry read back.
   *
   * @param seq its number
   * @param group its group commit
   */
  public record Entry(long seq, LiveGroup group) {}

  private record Segment(Path file, FileChannel channel, long first) {}

  private final Path storeFile;
  private final long segmentBytes;
  private final Object appendLock = new Object();
  private final Object syncLock = new Object();
  // closed segments and the number of their last entry, oldest first (appendLock)
  private final List<Segment> closed = new ArrayList<>();
  private final List<Long> closedLast = new ArrayList<>();
  private Segment current;
  private long currentBytes;
  private long lastSeq;
  private final AtomicLong synced = new AtomicLong();

  private LiveLog(Path storeFile, long segmentBytes) {
    this.storeFile = storeFile;
    this.segmentBytes = segmentBytes;
  }

  /** The log of a store file (null or ":memory:": a log that writes no file). */
  public static LiveLog of(Path storeFile) {
    return of(storeFile, SEGMENT_BYTES);
  }

  static LiveLog of(Path storeFile, long segmentBytes) {
    boolean memory = storeFile == null || storeFile.toString().equals(":memory:");
    return new LiveLog(memory ? null : storeFile.toAbsolutePath(), segmentBytes);
  }

  /** The bytes of a group's entry (encoded outside the log's lock, by the caller's thread). */
  public static byte[] encode(LiveGroup group) {
    return GroupCodec.encode(group);
  }

  private String prefix() {
    return storeFile.getFileName() + ".live-log.";
  }

  private List<Path> segmentFiles() throws IOException {
    if (storeFile == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(storeFile.getParent())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix()))
          .sorted(
              (a, b) ->
                  Long.compare(
                      firstOf(a.getFileName().toString()), firstOf(b.getFileName().toString())))
          .toList();
    }
  }

  private long firstOf(String name) {
    try {
      return Long.parseLong(name.substring(prefix().length()));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Reads the entries numbered after {@code stored} (the last entry DuckDB holds), oldest first. A
   * damaged or short entry at the end of the last segment is cut off; one anywhere else is an error
   * (a synced entry cannot be lost silently).
   */
  public List<Entry> recover(long stored) throws IOException {
    List<Entry> out = new ArrayList<>();
    List<Path> files = segmentFiles();
    long expected = -1;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      boolean last = f == files.size() - 1;
      byte[] all = Files.readAllBytes(file);
      ByteBuffer b = ByteBuffer.wrap(all);
      while (b.remaining() > 0) {
        int start = b.position();
        String damage = null;
        if (b.remaining() < HEADER) {
          damage = "a short entry header";
        } else {
          int length = b.getInt();
          int crc = b.getInt();
          long seq = b.getLong();
          if (length < 0 || length > b.remaining()) {
            damage = "an entry longer than the file";
          } else {
            byte[] payload = new byte[length];
            b.get(payload);
            if (crc != crc(seq, payload)) {
              damage = "an entry whose checksum does not match";
            } else {
              if (expected >= 0 && seq != expected) {
                throw new IOException(
                    file + ": entry " + seq + " follows entry " + (expected - 1) + " (a gap)");
              }
              expected = seq + 1;
              if (seq > stored) {
                out.add(new Entry(seq, GroupCodec.decode(payload)));
              }
              continue;
            }
          }
        }
        if (!last) {
          throw new IOException(
              file + ": " + damage + " at byte " + start + " (not the log's end)");
        }
        // the end of the log: an entry the process was writing when it stopped, never synced
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
          c.truncate(start);
          c.force(true);
        }
        break;
      }
    }
    if (!out.isEmpty() && out.get(0).seq() != stored + 1) {
      throw new IOException(
          "the live log starts at entry "
              + out.get(0).seq()
              + " but the store holds entries up to "
              + stored
              + " only");
    }
    return out;
  }

  /**
   * Deletes the old segments (every entry of them is in DuckDB: call after {@link #recover}'s
   * entries are written) and starts a new one after entry {@code last}.
   */
  public void start(long last) throws IOException {
    synchronized (appendLock) {
      for (Path p : segmentFiles()) {
        Files.delete(p);
      }
      lastSeq = last;
      synced.set(last);
      if (storeFile != null) {
        current = open(last + 1);
        currentBytes = 0;
      }
    }
  }

  private Segment open(long first) throws IOException {
    Path file = storeFile.resolveSibling(prefix() + first);
    FileChannel c =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    syncDirectory();
    return new Segment(file, c, first);
  }

  // a new file's name is durable once its directory is synced
  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(storeFile.getParent(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems refuse to open a directory: the file's own sync is what they offer
    }
  }

  /**
   * Appends an entry and returns its number; {@code appended} runs under the log's lock with that
   * number (so whatever it queues is in the log's order). Not yet durable: see {@link #sync}.
   */
  public long append(byte[] payload, java.util.function.LongConsumer appended) {
    return append(payload, payload.length, appended);
  }

  // each thread's entry buffer, reused (the committer's grows to its largest group)
  private static final ThreadLocal<GroupCodec.Buffer> BUFFER =
      ThreadLocal.withInitial(() -> new GroupCodec.Buffer(512));

  /**
   * Encodes a group (on the calling thread, outside the log's lock, into a buffer of the thread's
   * own) and appends it: {@link #append(byte[], java.util.function.LongConsumer)}.
   */
  public long append(LiveGroup group, java.util.function.LongConsumer appended) {
    GroupCodec.Buffer b = BUFFER.get();
    b.reset();
    GroupCodec.encode(group, b);
    return append(b.bytes(), b.size(), appended);
  }

  private long append(byte[] payload, int length, java.util.function.LongConsumer appended) {
    synchronized (appendLock) {
      long seq = lastSeq + 1;
      if (current != null) {
        try {
          if (currentBytes > 0 && currentBytes + HEADER + length > segmentBytes) {
            rotate(seq);
          }
          ByteBuffer header = ByteBuffer.allocate(HEADER);
          header.putInt(length).putInt(crc(seq, payload, length)).putLong(seq).flip();
          ByteBuffer[] parts = {header, ByteBuffer.wrap(payload, 0, length)};
          while (parts[1].hasRemaining()) {
            current.channel().write(parts);
          }
          currentBytes += HEADER + length;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the live log: " + e.getMessage(), e);
        }
      }
      lastSeq = seq;
      appended.accept(seq);
      return seq;
    }
  }

  // appendLock held: the full segment is synced before the next one takes entries
  private void rotate(long next) throws IOException {
    current.channel().force(false);
    synced.accumulateAndGet(next - 1, Math::max);
    closed.add(current);
    closedLast.add(next - 1);
    current = open(next);
    currentBytes = 0;
  }

  /** Returns once entry {@code seq} and every one before it are on disk. */
  public void sync(long seq) {
    if (synced.get() >= seq) {
      return;
    }
    synchronized (syncLock) {
      if (synced.get() >= seq) {
        return; // another thread's sync took it
      }
      long upTo;
      FileChannel channel;
      synchronized (appendLock) {
        upTo = lastSeq;
        channel = current == null ? null : current.channel();
      }
      try {
        if (channel != null) {
          channel.force(false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot sync the live log: " + e.getMessage(), e);
      }
      synced.accumulateAndGet(upTo, Math::max);
    }
  }

  /** DuckDB holds every entry up to {@code seq}: the segments that end there or before go. */
  public void stored(long seq) {
    List<Segment> gone = new ArrayList<>();
    synchronized (appendLock) {
      while (!closed.isEmpty() && closedLast.get(0) <= seq) {
        gone.add(closed.remove(0));
        closedLast.remove(0);
      }
    }
    for (Segment s : gone) {
      try {
        s.channel().close();
        Files.deleteIfExists(s.file());
      } catch (IOException e) {
        // left for the next start, which skips entries DuckDB holds and deletes it
      }
    }
  }

  /** The number of the last entry appended. */
  public long last() {
    synchronized (appendLock) {
      return lastSeq;
    }
  }

  /** The log's segment files on disk now (tests and health). */
  public int segments() {
    synchronized (appendLock) {
      return closed.size() + (current == null ? 0 : 1);
    }
  }

  /**
   * Closes the log. With {@code stored} true (DuckDB holds every entry) its files are deleted; else
   * they stay for the next start to write into DuckDB.
   */
  public void close(boolean stored) {
    synchronized (appendLock) {
      List<Segment> all = new ArrayList<>(closed);
      if (current != null) {
        all.add(current);
      }
      for (Segment s : all) {
        try {
          s.channel().close();
          if (stored) {
            Files.deleteIfExists(s.file());
          }
        } catch (IOException e) {
          // the next start reads what is left and skips the entries DuckDB holds
        }
      }
      closed.clear();
      closedLast.clear();
      current = null;
    }
  }

  @Override
  public void close() {
    close(false);
  }

  private static int crc(long seq, byte[] payload) {
    return crc(seq, payload, payload.length);
  }

  private static int crc(long seq, byte[] payload, int length) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(8).putLong(0, seq));
    c.update(payload, 0, length);
    return (int) c.getValue();
  }
}
