package io.lambdakappa.compare;

import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.runtime.Progress;
import io.lambdakappa.streaming.StreamingViewQuery;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * Waits for a bounded replay (a query with the AvailableNow trigger) to finish, with a progress bar
 * over the records it has committed. The topics of a comparison start at offset 0, so the sum of
 * the committed end offsets is the number of records read.
 */
public final class ReplayProgress {

  private ReplayProgress() {}

  /** How long a bounded replay may take: a deadline, not an expectation. */
  private static final Duration REPLAY_DEADLINE = Duration.ofMinutes(30);

  public static void await(StreamingViewQuery replay, String task, long records)
      throws StreamingQueryException {
    long deadline = System.nanoTime() + REPLAY_DEADLINE.toNanos();
    try (Progress bar = Progress.of(task, records, false)) {
      while (!replay.query().awaitTermination(500)) {
        bar.accept(read(replay));
        if (System.nanoTime() > deadline) {
          replay.stop();
          throw new IllegalStateException(task + " did not finish within " + REPLAY_DEADLINE);
        }
      }
      bar.accept(read(replay));
    }
  }

  static long read(StreamingViewQuery query) {
    return sum(query.committedOffsets());
  }

  static long sum(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits for the reprocess to catch up and switch; fails if its query dies or never does. */
  public static KappaPipeline.Reprocess awaitSwitch(KappaPipeline kappa, long records)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    try (Progress bar = Progress.of("kappa reprocess", records, false)) {
      while (true) {
        var switched = kappa.switchIfCaughtUp();
        if (switched.isPresent()) {
          bar.accept(records);
          return switched.get();
        }
        StreamingViewQuery pending = kappa.pending().orElseThrow();
        bar.accept(ReplayProgress.read(pending));
        if (!pending.isActive()) {
          throw new IllegalStateException(
              "the reprocess stopped before catching up",
              pending.query().exception().isDefined() ? pending.query().exception().get() : null);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the reprocess did not catch up within 30 minutes");
        }
        Thread.sleep(200);
      }
    }
  }
}
