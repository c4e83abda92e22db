package io.lambdakappa.compare;

import io.lambdakappa.runtime.Progress;
import io.lambdakappa.streaming.StreamingViewQuery;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * Waits for a bounded replay (a query with the AvailableNow trigger) to finish, with a progress bar
 * over the records it has committed. The topics of a comparison start at offset 0, so the sum of
 * the committed end offsets is the number of records read.
 */
final class ReplayProgress {

  private ReplayProgress() {}

  static void await(StreamingViewQuery replay, String task, long records)
      throws StreamingQueryException {
    try (Progress bar = Progress.of(task, records, false)) {
      while (!replay.query().awaitTermination(500)) {
        bar.accept(read(replay));
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
}
