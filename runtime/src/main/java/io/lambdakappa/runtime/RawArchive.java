package io.lambdakappa.runtime;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * An append-only archive of a log's records as they came ({@link LoggedRecords#LOGGED}): nothing
 * parsed, judged or dropped on the way in, so whatever logic reads it later, a fixed one included,
 * judges every record again. Lambda's master dataset is one (Marz's immutable "source of truth");
 * Kappa+'s archive of an expiring topic is another. Each archive is a folder of its own, never
 * rewritten:
 *
 * <pre>
 *   records/archive-N/   the records of archive N (Parquet)
 *   ranges/N.json        what archive N covers (offsets or files); written last, atomically
 * </pre>
 *
 * Crash safety: a range file is the commit. An archive that crashed before writing it left files
 * but no range; the next append deletes those files and copies the same records again. So a range
 * is never archived twice and never skipped.
 */
public final class RawArchive {

  private static final Pattern RANGE = Pattern.compile("\\d+\\.json");

  private final DataPath root;

  public RawArchive(DataPath root) {
    this.root = root;
  }

  public DataPath root() {
    return root;
  }

  /** Every committed archive, in order. */
  public List<ArchivedRange> ranges() {
    requireRawLayout();
    return JsonFiles.readAll(root.resolve("ranges"), RANGE, ArchivedRange.class).stream()
        .sorted(Comparator.comparingLong(ArchivedRange::id))
        .toList();
  }

  /**
   * The offsets archived so far, per partition: where the next archive of the topic starts. Ranges
   * loaded from files have no offsets and do not move it.
   */
  public Map<Integer, Long> archivedUpTo() {
    return upTo(ranges());
  }

  /** Where these ranges end, per partition: the highest end offset of each. */
  public static Map<Integer, Long> upTo(List<ArchivedRange> ranges) {
    Map<Integer, Long> upTo = new TreeMap<>();
    for (ArchivedRange range : ranges) {
      range.to().forEach((partition, offset) -> upTo.merge(partition, offset, Math::max));
    }
    return upTo;
  }

  /**
   * Copies the records of {@code topic} not archived yet, bytes untouched. Returns the new range,
   * or empty when there was nothing new.
   */
  public Optional<ArchivedRange> archiveTopic(
      SparkSession spark, String bootstrapServers, String topic) {
    Map<Integer, Long> from = new TreeMap<>(archivedUpTo());
    Map<Integer, Long> to = KafkaOffsets.latest(bootstrapServers, topic);
    to.keySet().forEach(partition -> from.putIfAbsent(partition, 0L));
    if (from.equals(to)) {
      return Optional.empty();
    }
    Dataset<Row> records =
        RawSources.kafkaBatchLogged(
            spark,
            bootstrapServers,
            topic,
            KafkaOffsets.sparkJson(topic, from),
            KafkaOffsets.sparkJson(topic, to));
    return Optional.of(append(spark, topic, from, to, Map.of(), records));
  }

  /**
   * Appends {@code records} ({@link LoggedRecords#LOGGED}) as the next archive and commits it.
   *
   * @param source the topic they came from, or {@code files:FOLDER}
   * @param from the offsets they start at, per partition (empty for files)
   * @param to the offsets they end before (empty for files)
   * @param files for files: each file's SHA-256 by its name
   */
  public ArchivedRange append(
      SparkSession spark,
      String source,
      Map<Integer, Long> from,
      Map<Integer, Long> to,
      Map<String, String> files,
      Dataset<Row> records) {
    long id = ranges().size() + 1L;
    DataPath folder = recordsFolder(id);
    DataFiles.deleteRecursively(folder); // an earlier attempt that crashed before its commit
    records
        .select(LoggedRecords.columns())
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(folder.toString());
    long written = spark.read().parquet(folder.toString()).count();
    ArchivedRange range = new ArchivedRange(id, source, from, to, written, Instant.now(), files);
    JsonFiles.write(root.resolve("ranges").resolve(id + ".json"), range);
    return range;
  }

  /** Every record of every committed archive, as logged ({@link LoggedRecords#LOGGED}). */
  public Dataset<Row> logged(SparkSession spark) {
    return logged(spark, ranges());
  }

  /** The records of these committed archives, as logged. */
  public Dataset<Row> logged(SparkSession spark, List<ArchivedRange> ranges) {
    if (ranges.isEmpty()) {
      throw new IllegalStateException("the archive at " + root + " is empty");
    }
    return spark
        .read()
        .schema(LoggedRecords.LOGGED)
        .parquet(ranges.stream().map(r -> recordsFolder(r.id()).toString()).toArray(String[]::new));
  }

  /**
   * Every record of every committed archive, as the logic reads them ({@link LoggedRecords#asRaw}).
   */
  public Dataset<Row> records(SparkSession spark) {
    return LoggedRecords.asRaw(logged(spark));
  }

  /** The records of these committed archives, as the logic reads them. */
  public Dataset<Row> records(SparkSession spark, List<ArchivedRange> ranges) {
    return LoggedRecords.asRaw(logged(spark, ranges));
  }

  /**
   * The archive as a stream ({@link org.apache.spark.sql.SparkSession#readStream}) of raw records:
   * every archive committed when the query starts, then each one appended later, as Spark's file
   * source finds its files. Refused while an archive lies uncommitted (a crashed append): its files
   * would be read as if committed.
   */
  public Dataset<Row> stream(SparkSession spark) {
    Set<String> committed =
        ranges().stream().map(r -> recordsFolder(r.id()).name()).collect(Collectors.toSet());
    for (DataPath folder : DataFiles.list(root.resolve("records"))) {
      if (!committed.contains(folder.name())) {
        throw new IllegalStateException(
            folder + " was never committed (an append crashed): append again before streaming");
      }
    }
    return LoggedRecords.asRaw(
        spark
            .readStream()
            .schema(LoggedRecords.LOGGED)
            .parquet(root.resolve("records").resolve("archive-*").toString()));
  }

  /** The bytes of every file of the archive. */
  public long bytes() {
    return DataFiles.size(root);
  }

  /**
   * A master dataset written before the archive kept raw records held typed events instead: it
   * cannot be recomputed with new validation, so it is refused with what to do.
   */
  private void requireRawLayout() {
    if (DataFiles.exists(root.resolve("events")) && !DataFiles.exists(root.resolve("records"))) {
      throw new IllegalStateException(
          root
              + " holds typed events (an archive of an older lk, which validated records on the"
              + " way in), not raw records: delete it (or the whole workdir) and archive the topic"
              + " again");
    }
  }

  private DataPath recordsFolder(long id) {
    return root.resolve("records").resolve(String.format("archive-%06d", id));
  }
}
