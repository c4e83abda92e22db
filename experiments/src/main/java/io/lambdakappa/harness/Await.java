package io.lambdakappa.harness;

import io.lambdakappa.runtime.Durations;
import io.lambdakappa.streaming.StreamingViewQuery;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The experiments' waits, each with a deadline: a condition polled every 200 ms, with something to
 * do at each poll (a progress bar, a sample of the served answer), and a clear failure when the
 * deadline passes.
 */
public final class Await {

  private static final long POLL_MILLIS = 200;

  private Await() {}

  /**
   * Polls {@code done} until it is true, running {@code eachPoll} between polls; fails with {@code
   * what} once {@code deadline} has passed.
   */
  public static void until(BooleanSupplier done, String what, Duration deadline, Runnable eachPoll)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            what + " did not happen within " + Durations.format(deadline));
      }
      eachPoll.run();
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Until {@code query} has committed {@code offsets}; fails at once if the query stops. */
  public static void committed(
      StreamingViewQuery query, Map<Integer, Long> offsets, String what, Duration deadline)
      throws InterruptedException {
    until(
        () -> {
          if (!query.isActive()) {
            throw new IllegalStateException(what + " stopped before it committed " + offsets);
          }
          return query.hasReached(offsets);
        },
        what + " committing " + offsets,
        deadline,
        () -> {});
  }
}
