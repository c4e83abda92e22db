package io.lambdakappa.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * Runs a long-lived command until Ctrl-C (or {@code --for}): a step every period, and a clean stop
 * on SIGINT or SIGTERM: the shutdown hook asks the loop to end, then waits for it to release
 * everything.
 *
 * <p>The hook must run before Spark's own, which stops the SparkContext: a command still stopping
 * its queries would otherwise fail with "Cannot call methods on a stopped SparkContext". Spark runs
 * its hooks through Hadoop's shutdown hook manager at priority {@value #SPARK_PRIORITY}; this one
 * is registered there too, at a higher priority, so it runs first and Spark's after it.
 */
final class Foreground {

  /** The priority of Spark's hooks in Hadoop's manager: {@code FileSystem}'s 10, plus 30. */
  static final int SPARK_PRIORITY = 40;

  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  /** Whether the JVM is being stopped (Ctrl-C, SIGTERM): failures now are the stop, not a bug. */
  static boolean stopping() {
    return STOPPING.get();
  }

  /** Marks the JVM as stopping as soon as it is, for {@link ErrorReporter}; call once in main. */
  static void watchForStop() {
    ShutdownHookManager.get().addShutdownHook(() -> STOPPING.set(true), SPARK_PRIORITY + 20);
  }

  /** One step of the loop; exceptions end the command. */
  interface Step {
    void run() throws Exception;
  }

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  Foreground() {
    ShutdownHookManager.get()
        .addShutdownHook(
            () -> {
              STOPPING.set(true);
              stopRequested.countDown();
              try {
                stopped.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            SPARK_PRIORITY + 10,
            70,
            TimeUnit.SECONDS);
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
