package io.lambdakappa.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a long-lived command until Ctrl-C (or {@code --for}): a step every period, and a clean stop
 * on SIGINT: the shutdown hook asks the loop to end, then waits for it to release everything.
 */
final class Foreground {

  /** One step of the loop; exceptions end the command. */
  interface Step {
    void run() throws Exception;
  }

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  Foreground() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopRequested.countDown();
                  try {
                    stopped.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
  }

  /** One step of a loop that ends when its work is done; returns true when it is. */
  interface FinalStep {
    boolean done() throws Exception;
  }

  /** Runs {@code step} every {@code period} until Ctrl-C or until {@code limit} (if not null). */
  void run(Duration period, Duration limit, Step step) throws Exception {
    runUntil(
        period,
        limit,
        () -> {
          step.run();
          return false;
        });
  }

  /**
   * Runs {@code step} every {@code period} until it says it is done, Ctrl-C, or {@code limit} (if
   * not null). Returns whether the step finished.
   */
  boolean runUntil(Duration period, Duration limit, FinalStep step) throws Exception {
    long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (step.done()) {
        return true;
      }
      if (stopRequested.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    return false;
  }

  /** Marks the cleanup done, so a pending Ctrl-C lets the JVM exit; call it in a finally. */
  void released() {
    stopped.countDown();
  }
}
