package io.lambdakappa.logic;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The accounting identity of one or more micro-batches, read from Spark's own progress reports:
 * {@code valid = counted + duplicates + droppedLate}. Each term is counted where it happens, none
 * is the remainder of the others, so the identity is a check that can fail when a record is lost:
 * the pipeline observes {@code valid} and {@code counted}; Spark's deduplication operator reports
 * the copies it dropped; the state operators report the rows they dropped behind the watermark; an
 * admission ({@link EventPipeline#admitting}) reports what it left out.
 */
public record StreamAccounting(long valid, long counted, long duplicates, long droppedLate) {

  public static final StreamAccounting ZERO = new StreamAccounting(0, 0, 0, 0);

  /** The custom metric of Spark's streaming deduplication operator. */
  private static final String DROPPED_DUPLICATES = "numDroppedDuplicateRows";

  /** The accounting of one micro-batch. */
  public static StreamAccounting of(StreamingQueryProgress progress) {
    return of(progress.observedMetrics(), List.of(progress.stateOperators()));
  }

  /**
   * The accounting of one micro-batch from its named observations and its state operators' figures
   * (as a batch running now knows them, before its progress is reported).
   */
  public static StreamAccounting of(
      Map<String, Row> observed, List<StateOperatorProgress> stateOperators) {
    long valid = observedCount(observed, EventPipeline.VALID_EVENTS, EventPipeline.OBSERVED_COUNT);
    long counted =
        observedCount(observed, EventPipeline.COUNTED_EVENTS, EventPipeline.OBSERVED_COUNT);
    long droppedLate = observedCount(observed, EventPipeline.LEFT_OUT, EventPipeline.LEFT_OUT_LATE);
    long duplicates =
        observedCount(observed, EventPipeline.LEFT_OUT, EventPipeline.LEFT_OUT_DUPLICATES);
    for (StateOperatorProgress operator : stateOperators) {
      droppedLate += operator.numRowsDroppedByWatermark();
      Long dropped = operator.customMetrics().get(DROPPED_DUPLICATES);
      duplicates += dropped == null ? 0 : dropped;
    }
    return new StreamAccounting(valid, counted, duplicates, droppedLate);
  }

  /** Whether every valid event is counted, a duplicate or late: nothing lost, nothing twice. */
  public boolean balances() {
    return valid == counted + duplicates + droppedLate;
  }

  public StreamAccounting plus(StreamAccounting other) {
    return new StreamAccounting(
        valid + other.valid,
        counted + other.counted,
        duplicates + other.duplicates,
        droppedLate + other.droppedLate);
  }

  private static long observedCount(Map<String, Row> observed, String name, String column) {
    Row row = observed.get(name);
    return row == null ? 0 : row.<Long>getAs(column);
  }
}
