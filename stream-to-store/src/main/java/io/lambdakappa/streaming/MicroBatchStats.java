package io.lambdakappa.streaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one micro-batch of a streaming view did, as recorded beside its rows.
 *
 * @param inputRows Kafka records read
 * @param quarantined records refused by validation, counted as they were refused
 * @param duplicates duplicate copies removed
 * @param droppedLate events behind the watermark, dropped and counted
 * @param processingMillis from Spark planning the batch to its rows being written (Spark's own
 *     batch duration also counts writing its commit log, after this record is written)
 * @param latencyP50Millis event-to-visible latency, median (Kafka record time to commit here)
 * @param latencyP95Millis the same, 95th percentile
 * @param latencyP99Millis the same, 99th percentile
 * @param endOffsets the offset after the last record read, per partition: how far the view is
 *     committed once this batch is; empty when not known yet
 * @param latencyProfileMillis the batch's latency at each of {@code ArrivalTimes.PROBABILITIES}
 *     (empty when not known), from which {@code EventLatency} draws quantiles over all events
 * @param valid records that passed validation, counted there
 * @param counted events that reached the aggregation, counted there; with the others, {@code
 *     inputRows = valid + quarantined} and {@code valid = counted + duplicates + droppedLate} are
 *     checks that fail when a record is lost, not sums that hold by construction
 */
public record MicroBatchStats(
    long batchId,
    long inputRows,
    long quarantined,
    long duplicates,
    long droppedLate,
    long rowsUpserted,
    long processingMillis,
    double latencyP50Millis,
    double latencyP95Millis,
    double latencyP99Millis,
    Instant committedAt,
    Map<Integer, Long> endOffsets,
    List<Double> latencyProfileMillis,
    long valid,
    long counted) {

  /** Whether this batch's records are all accounted for. */
  public boolean balances() {
    return inputRows == valid + quarantined && valid == counted + duplicates + droppedLate;
  }

  /** A batch that wrote {@code rows} rows and whose other figures are not known (for tests). */
  public static MicroBatchStats written(long batchId, long rows) {
    return new MicroBatchStats(
        batchId,
        0,
        0,
        0,
        0,
        rows,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Instant.now(),
        Map.of(),
        List.of(),
        0,
        0);
  }

  /** This batch's share of the event-level latency quantiles. */
  public EventLatency.Batch latencyShare() {
    return new EventLatency.Batch(inputRows, latencyProfileMillis);
  }

  /** The quantiles over all events of {@code batches} (see {@link EventLatency}). */
  public static EventLatency latencyOf(List<MicroBatchStats> batches) {
    return EventLatency.of(batches.stream().map(MicroBatchStats::latencyShare).toList());
  }
}
