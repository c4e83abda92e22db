package io.lambdakappa.batch;

import java.time.Instant;
import java.util.Map;

/**
 * What a published batch view is: its version, where its Parquet files are, and the horizon it
 * covers. The manifest is written last, by an atomic rename, so a view without one was never
 * published and is never served.
 *
 * @param quarantinePath where the records this view's recompute refused are (Parquet: raw text,
 *     reason, message, source): an output of the recompute, versioned with the view
 * @param tailPath where the view's tail is (Parquet: {@code event_id}, {@code event_time}): the
 *     events it counted within {@code tailDelayMillis} of its latest event time, which a stream
 *     starting at its horizon must remember to count each event once (Lambda's seam); null in a
 *     manifest written before views had one
 * @param tailDelayMillis how far back from the latest event time the tail reaches: the watermark
 *     delay of the logic that built the view
 * @param horizon for each partition of the topic, the first offset <em>not</em> in the view: the
 *     speed layer of the same generation starts exactly there, so every event is counted by exactly
 *     one side
 * @param read raw records read from the master dataset
 * @param counted unique events counted into the view
 * @param duplicates duplicate copies removed
 * @param quarantined records the recompute refused, up to the horizon
 */
public record BatchViewManifest(
    long version,
    String topic,
    String path,
    String quarantinePath,
    String tailPath,
    long tailDelayMillis,
    Map<Integer, Long> horizon,
    long rows,
    long read,
    long counted,
    long duplicates,
    long quarantined,
    Instant publishedAt) {

  /** Events up to the horizon, all partitions together. */
  public long horizonOffsets() {
    return horizon.values().stream().mapToLong(Long::longValue).sum();
  }
}
