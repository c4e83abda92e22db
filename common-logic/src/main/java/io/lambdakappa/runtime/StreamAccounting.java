package io.lambdakappa.runtime;

import io.lambdakappa.logic.EventPipeline;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The accounting identity of one or more micro-batches, read from Spark's own progress reports:
 * {@code valid = counted + duplicates + droppedLate}. The pipeline observes {@code valid} and
 * {@code counted}; Spark's state operators report the rows they dropped behind the watermark; the
 * duplicates are the rest.
 */
public record StreamAccounting(long valid, long counted, long duplicates, long droppedLate) {

  public static final StreamAccounting ZERO = new StreamAccounting(0, 0, 0, 0);

  /** The accounting of one micro-batch. */
  public static StreamAccounting of(StreamingQueryProgress progress) {
    Map<String, Row> observed = progress.observedMetrics();
    long valid = observedCount(observed, EventPipeline.VALID_EVENTS);
    long counted = observedCount(observed, EventPipeline.COUNTED_EVENTS);
    long droppedLate = 0;
    for (StateOperatorProgress operator : progress.stateOperators()) {
      droppedLate += operator.numRowsDroppedByWatermark();
    }
    return new StreamAccounting(valid, counted, valid - counted - droppedLate, droppedLate);
  }

  public StreamAccounting plus(StreamAccounting other) {
    return new StreamAccounting(
        valid + other.valid,
        counted + other.counted,
        duplicates + other.duplicates,
        droppedLate + other.droppedLate);
  }

  private static long observedCount(Map<String, Row> observed, String name) {
    Row row = observed.get(name);
    return row == null ? 0 : row.<Long>getAs(EventPipeline.OBSERVED_COUNT);
  }
}
