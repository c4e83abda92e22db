package io.lambdakappa.batch;

import java.time.Instant;
import java.util.Map;

/**
 * One append to the master dataset: the Kafka offsets {@code [from, to)} of every partition that
 * archive number {@code id} copied. The range file is written last, atomically: an archive without
 * one never happened, and its files are removed and written again by the next run.
 */
public record ArchivedRange(
    long id,
    String topic,
    Map<Integer, Long> from,
    Map<Integer, Long> to,
    long events,
    long quarantined,
    Instant archivedAt) {

  public long records() {
    return events + quarantined;
  }
}
