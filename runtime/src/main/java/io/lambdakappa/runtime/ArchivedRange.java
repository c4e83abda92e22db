package io.lambdakappa.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * One append to a raw archive ({@link RawArchive}): the Kafka offsets {@code [from, to)} of every
 * partition that archive number {@code id} copied, or the files it loaded. The range file is
 * written last, atomically: an archive without one never happened, and its files are removed and
 * written again by the next run.
 *
 * @param source the topic the records came from, or {@code files:FOLDER} for files
 * @param records how many records the archive holds, counted from its files once written
 * @param files for an archive loaded from files (no offsets): each file's SHA-256 by its name, so
 *     that loading the same content again, from any folder, archives nothing twice
 */
public record ArchivedRange(
    long id,
    String source,
    Map<Integer, Long> from,
    Map<Integer, Long> to,
    long records,
    Instant archivedAt,
    Map<String, String> files) {

  public ArchivedRange {
    files = files == null ? Map.of() : Map.copyOf(files);
  }
}
