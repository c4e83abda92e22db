package io.lambdakappa.serving;

import java.time.Instant;

/**
 * What one micro-batch of a streaming view did, as recorded beside its rows.
 *
 * @param inputRows Kafka records read
 * @param quarantined records refused by validation
 * @param duplicates duplicate copies removed
 * @param droppedLate events behind the watermark, dropped and counted
 * @param latencyP50Millis event-to-visible latency, median (Kafka record time to commit here)
 * @param latencyP99Millis the same, 99th percentile
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
    double latencyP99Millis,
    Instant committedAt) {}
