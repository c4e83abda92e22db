package io.lambdakappa.batch;

import java.time.Instant;
import java.util.Map;

/**
 * One append to the master dataset: the Kafka offsets {@code [from, to)} of every partition that
 * archive number {@code id} copied. The range file is written last, atomically: an archive without
 * one never happened, and its files are removed and written again by the next run.
 *
 * @param files for an archive loaded from files (no offsets): each file's SHA-256 by its name, so
 *     that loading the same content again, from any folder, archives nothing twice
 */
public record ArchivedRange(
    long id,
    String topic,
    Map<Integer, Long> from,
    Map<Integer, Long> to,
    long events,
    long quarantined,
    Instant archivedAt,
    Map<String, String> files) {

  public ArchivedRange {
    files = files == null ? Map.of() : Map.copyOf(files); // ranges written before files were kept
  }

  public long records() {
    return events + quarantined;
  }
}
