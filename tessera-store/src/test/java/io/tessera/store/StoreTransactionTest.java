package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's connection is shared by threads (the live writer, a batch run, the API): a
 * transaction holds the store's lock from BEGIN to its end, so another thread's statement on the
 * connection neither joins the transaction nor sees its uncommitted rows; it waits.
 */
class StoreTransactionTest {
  @TempDir Path dir;

  @Test
  void aStatementOfAnotherThreadShouldWaitForTheTransactionAndNotSeeItsRolledBackRows()
      throws Exception {
    try (Store store = Store.inMemory()) {
      store.execute("CREATE TABLE t (x INTEGER)");
      Store.Transaction tx = store.begin();
      try (var s = tx.connection().createStatement()) {
        s.execute("INSERT INTO t VALUES (1)");
      }
      AtomicLong seen = new AtomicLong(-1);
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      seen.set(store.count("SELECT count(*) FROM t"));
                    } catch (java.sql.SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      // without the lock the count runs at once, inside the open transaction, and sees 1
      while (reader.getState() != Thread.State.WAITING
          && reader.getState() != Thread.State.TERMINATED) {
        Thread.onSpinWait();
      }
      assertThat(reader.getState()).isEqualTo(Thread.State.WAITING);
      tx.rollback();
      reader.join();
      assertThat(seen.get()).isZero();
    }
  }

  @Test
  void aCommittedTransactionShouldReleaseTheLockAndKeepItsRows() throws Exception {
    try (Store store = Store.inMemory()) {
      store.execute("CREATE TABLE t (x INTEGER)");
      Store.Transaction tx = store.begin();
      try (var s = tx.connection().createStatement()) {
        s.execute("INSERT INTO t VALUES (1), (2)");
      }
      tx.commit();
      tx.rollback(); // after the end: does nothing
      long[] counted = new long[1];
      Thread other =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      counted[0] = store.count("SELECT count(*) FROM t");
                    } catch (java.sql.SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      other.join();
      assertThat(counted[0]).isEqualTo(2);
    }
  }

  @Test
  void aSecondConnectionShouldReadCommittedRowsWithoutWaitingForTheOwnersTransaction()
      throws Exception {
    try (Store store = Store.open(dir.resolve("d.duckdb"))) {
      store.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
      Store.Transaction tx = store.begin();
      try (var s = tx.connection().createStatement()) {
        s.execute("INSERT INTO t VALUES (2)");
      }
      try (Store reader = store.newConnection()) {
        // same thread, lock held by the transaction: the second connection has a lock of its own
        assertThat(reader.count("SELECT count(*) FROM t")).isEqualTo(1);
        tx.commit();
        assertThat(reader.count("SELECT count(*) FROM t")).isEqualTo(2);
      }
      assertThat(store.count("SELECT count(*) FROM t")).isEqualTo(2);
    }
  }
}
