package io.lambdakappa.batch;

import io.lambdakappa.runtime.ArchivedRange;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.LoggedRecords;
import io.lambdakappa.runtime.RawArchive;
import io.lambdakappa.runtime.RawSources;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lambda's master dataset: every record ever logged, raw, immutable and append-only (Marz's "source
 * of truth" of the batch layer). Nothing is parsed, judged or dropped on the way in: an unparseable
 * line is archived like any other. Every batch view, its validation and its quarantine included, is
 * recomputed from all of it, so a bug in the logic is undone by fixing the code and recomputing:
 * what the book calls human fault tolerance.
 *
 * <pre>
 *   master/records/archive-N/   the records of archive N, as logged: bytes, partition, offset,
 *                               log time (or file and line)
 *   master/ranges/N.json        the offsets (or files) archive N covers; written last, atomically
 * </pre>
 *
 * The archive itself is {@link RawArchive}, the same code that keeps Kappa+'s archive; a crashed
 * archive is redone, never doubled.
 */
public final class MasterDataset {

  private final RawArchive archive;

  public MasterDataset(DataPath root) {
    this.archive = new RawArchive(root);
  }

  /** Every committed archive, in order. */
  public List<ArchivedRange> ranges() {
    return archive.ranges();
  }

  /**
   * The offsets archived so far, per partition: the start of the next archive, and the horizon of a
   * batch view computed now. Ranges loaded from files have no offsets and do not move it.
   */
  public Map<Integer, Long> archivedUpTo() {
    return RawArchive.upTo(ranges());
  }

  /**
   * Copies the records of {@code topic} not archived yet, as they are in the log. Returns the new
   * range, or empty when there was nothing new.
   */
  public Optional<ArchivedRange> archive(
      SparkSession spark, String bootstrapServers, String topic) {
    return archive.archiveTopic(spark, bootstrapServers, topic);
  }

  /**
   * Loads event files (generated or imported) into the master dataset, line for line as in the
   * files: the historical bootstrap. Only files whose content is not archived yet are loaded (by
   * SHA-256, so a copy of a file in another folder is recognised too); empty when there is none. A
   * crash after the archive's commit and a second run of the same command therefore load nothing
   * twice.
   */
  public Optional<ArchivedRange> appendFiles(SparkSession spark, Path folder) {
    Set<String> archived = new HashSet<>();
    ranges().forEach(range -> archived.addAll(range.files().values()));
    Map<String, String> fresh = new TreeMap<>();
    for (String file : RawSources.listJsonLines(folder)) {
      String digest = FileDigest.sha256(file);
      if (archived.add(digest)) { // also skips a second copy within the folder
        fresh.put(file, digest);
      }
    }
    if (fresh.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        archive.append(
            spark,
            "files:" + folder,
            Map.of(),
            Map.of(),
            fresh,
            LoggedRecords.fromFiles(spark, List.copyOf(fresh.keySet()))));
  }

  /**
   * Every record of every committed archive, raw ({@link io.lambdakappa.logic.EventSchema#RAW}).
   */
  public Dataset<Row> records(SparkSession spark) {
    return archive.records(spark);
  }

  /** The records of these committed archives, raw. */
  public Dataset<Row> records(SparkSession spark, List<ArchivedRange> ranges) {
    return archive.records(spark, ranges);
  }

  /** Every record of every committed archive, as logged ({@link LoggedRecords#LOGGED}). */
  public Dataset<Row> logged(SparkSession spark) {
    return archive.logged(spark);
  }

  /**
   * The raw records a batch view with {@code horizon} was computed from: those of the archives
   * whose offsets all end at or before it, and those loaded from files. The master dataset only
   * grows, so this is the same set however many archives came after.
   */
  public Dataset<Row> recordsWithin(SparkSession spark, Map<Integer, Long> horizon) {
    return archive.records(
        spark,
        ranges().stream()
            .filter(
                range ->
                    range.to().entrySet().stream()
                        .allMatch(end -> end.getValue() <= horizon.getOrDefault(end.getKey(), 0L)))
            .toList());
  }

  /** How many records the committed archives hold. */
  public long recordCount() {
    return ranges().stream().mapToLong(ArchivedRange::records).sum();
  }

  /** The bytes the master dataset takes. */
  public long bytes() {
    return archive.bytes();
  }
}
