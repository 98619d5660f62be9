package io.tessera.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.pipeline.work.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Side}: work beside the run's thread, or on it at the join (the recommendations when the
 * heap cannot hold them beside churn), with its value, failure and time handed back.
 */
class PipelineSideTest {

  @Test
  void startRunsOnItsOwnNamedThreadWhileTheCallerWorks() throws Exception {
    CountDownLatch callerWorking = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    Side<Integer> side =
        Side.start(
            "tessera-test-side",
            () -> {
              // waits for the caller's work to have started: only another thread can
              assertTrue(callerWorking.await(10, TimeUnit.SECONDS));
              thread.set(Thread.currentThread().getName());
              return 42;
            });
    String result =
        side.beside(
            () -> {
              callerWorking.countDown();
              return "caller";
            });
    assertEquals("caller", result);
    assertEquals(42, side.join());
    assertEquals("tessera-test-side", thread.get());
  }

  @Test
  void onJoinRunsNothingUntilTheJoinThenRunsOnTheCallingThread() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    AtomicReference<Thread> thread = new AtomicReference<>();
    Side<String> side =
        Side.onJoin(
            () -> {
              ran.set(true);
              thread.set(Thread.currentThread());
              Thread.sleep(20);
              return "fitted";
            });
    side.beside(() -> null);
    Thread.sleep(50);
    assertFalse(ran.get(), "onJoin work started before the join");
    assertEquals("fitted", side.join());
    assertSame(Thread.currentThread(), thread.get());
    assertTrue(side.millis() >= 20, "the work's own time: " + side.millis() + " ms");
    assertTrue(side.waited() >= 20_000_000L, "the join waited for the work: " + side.waited());
  }

  @Test
  void theWorksFailureIsThrownAsItWasThrown() {
    Side<Object> io =
        Side.start(
            "tessera-test-io",
            () -> {
              throw new IOException("disk full");
            });
    IOException e = assertThrows(IOException.class, io::join);
    assertEquals("disk full", e.getMessage());

    Side<Object> unchecked =
        Side.onJoin(
            () -> {
              throw new UncheckedIOException(new IOException("bad row"));
            });
    assertThrows(UncheckedIOException.class, unchecked::join);

    Side<Object> checked =
        Side.onJoin(
            () -> {
              throw new Exception("other");
            });
    IllegalStateException wrapped = assertThrows(IllegalStateException.class, checked::join);
    assertEquals("other", wrapped.getCause().getMessage());
  }

  @Test
  void theCallersFailureCancelsTheWorkBeside() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Side<Object> side =
        Side.start(
            "tessera-test-cancel",
            () -> {
              started.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return null;
            });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                side.beside(
                    () -> {
                      throw new IOException("the run's own stage failed");
                    }));
    assertEquals("the run's own stage failed", e.getMessage());
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the work beside was not interrupted");
  }

  @Test
  void addedTimeCountsAsTheWorks() throws Exception {
    Side<Integer> side = Side.onJoin(() -> 1);
    side.add(3_000_000_000L);
    assertEquals(1, side.join());
    assertTrue(side.millis() >= 3000, "read time added: " + side.millis());
    assertNotEquals(0, side.millis());
  }
}
