package io.lambdakappa.batch;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventValidation;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawSources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Lambda's master dataset: every event ever seen, immutable and append-only (Marz's "source of
 * truth" of the batch layer). Each archive copies the Kafka offsets not archived yet, validated
 * once on the way in, into a Parquet folder of its own; bad records go to the quarantine folder of
 * the same archive, never into views. Nothing already archived is ever rewritten.
 *
 * <pre>
 *   master/events/archive=N/      valid events, typed, with their source offset
 *   master/quarantine/archive=N/  refused records: raw text, reason, message, source
 *   master/ranges/N.json          the offsets archive N covers; written last, atomically
 * </pre>
 *
 * Crash safety: a range file is the commit. An archive that crashed before writing it left files
 * but no range; the next run deletes those files and copies the same offsets again. So a range is
 * never archived twice and never skipped.
 */
public final class MasterDataset {

  private static final Pattern RANGE = Pattern.compile("\\d+\\.json");

  private final DataPath root;

  public MasterDataset(DataPath root) {
    this.root = root;
  }

  /** Every committed archive, in order. */
  public List<ArchivedRange> ranges() {
    return JsonFiles.readAll(root.resolve("ranges"), RANGE, ArchivedRange.class).stream()
        .sorted(Comparator.comparingLong(ArchivedRange::id))
        .toList();
  }

  /**
   * The offsets archived so far, per partition: the start of the next archive, and the horizon of a
   * batch view computed now. Ranges loaded from files have no offsets and do not move it.
   */
  public Map<Integer, Long> archivedUpTo() {
    Map<Integer, Long> upTo = new TreeMap<>();
    for (ArchivedRange range : ranges()) {
      range.to().forEach((partition, offset) -> upTo.merge(partition, offset, Math::max));
    }
    return upTo;
  }

  /**
   * Copies the records of {@code topic} not archived yet. Returns the new range, or empty when
   * there was nothing new.
   */
  public Optional<ArchivedRange> archive(
      SparkSession spark, String bootstrapServers, String topic, EventPipeline pipeline) {
    Map<Integer, Long> from = new TreeMap<>(archivedUpTo());
    Map<Integer, Long> to = KafkaOffsets.latest(bootstrapServers, topic);
    to.keySet().forEach(partition -> from.putIfAbsent(partition, 0L));
    if (from.equals(to)) {
      return Optional.empty();
    }
    long id = ranges().size() + 1L;
    Dataset<Row> raw =
        RawSources.kafkaBatch(
            spark,
            bootstrapServers,
            topic,
            KafkaOffsets.sparkJson(topic, from),
            KafkaOffsets.sparkJson(topic, to));
    return Optional.of(append(spark, id, topic, from, to, Map.of(), raw, pipeline));
  }

  /**
   * Loads event files (generated or imported) into the master dataset: the historical bootstrap.
   * Only files whose content is not archived yet are loaded (by SHA-256, so a copy of a file in
   * another folder is recognised too); empty when there is none. A crash after the archive's commit
   * and a second run of the same command therefore load nothing twice.
   */
  public Optional<ArchivedRange> appendFiles(
      SparkSession spark, Path folder, EventPipeline pipeline) {
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
    long id = ranges().size() + 1L;
    return Optional.of(
        append(
            spark,
            id,
            "files:" + folder,
            Map.of(),
            Map.of(),
            fresh,
            RawSources.jsonLinesFiles(spark, List.copyOf(fresh.keySet())),
            pipeline));
  }

  ArchivedRange append(
      SparkSession spark,
      long id,
      String topic,
      Map<Integer, Long> from,
      Map<Integer, Long> to,
      Map<String, String> files,
      Dataset<Row> raw,
      EventPipeline pipeline) {
    removeUncommitted(id);
    Dataset<Row> cached = raw.persist();
    try {
      EventValidation.Validated validated = pipeline.validate(cached);
      validated.events().write().mode(SaveMode.ErrorIfExists).parquet(eventsFolder(id).toString());
      validated
          .quarantined()
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(quarantineFolder(id).toString());
      long events = spark.read().parquet(eventsFolder(id).toString()).count();
      long quarantined = spark.read().parquet(quarantineFolder(id).toString()).count();
      ArchivedRange range =
          new ArchivedRange(id, topic, from, to, events, quarantined, Instant.now(), files);
      commit(range);
      return range;
    } finally {
      cached.unpersist();
    }
  }

  /** Every valid event of every committed archive. */
  public Dataset<Row> events(SparkSession spark) {
    return committed(spark, "events");
  }

  /** Every quarantined record of every committed archive. */
  public Dataset<Row> quarantine(SparkSession spark) {
    return committed(spark, "quarantine");
  }

  /**
   * The valid events of the archives a batch view with {@code horizon} was computed from: those
   * whose offsets all end at or before it, and those loaded from files. The master dataset only
   * grows, so this is the same set however many archives came after.
   */
  public Dataset<Row> eventsWithin(SparkSession spark, Map<Integer, Long> horizon) {
    return committed(
        spark,
        "events",
        ranges().stream()
            .filter(
                range ->
                    range.to().entrySet().stream()
                        .allMatch(end -> end.getValue() <= horizon.getOrDefault(end.getKey(), 0L)))
            .toList());
  }

  private Dataset<Row> committed(SparkSession spark, String kind) {
    return committed(spark, kind, ranges());
  }

  private Dataset<Row> committed(SparkSession spark, String kind, List<ArchivedRange> ranges) {
    List<String> folders =
        ranges.stream()
            .map(range -> root.resolve(kind).resolve(archiveName(range.id())).toString())
            .toList();
    if (folders.isEmpty()) {
      throw new IllegalStateException("the master dataset at " + root + " is empty");
    }
    return spark.read().parquet(folders.toArray(String[]::new));
  }

  private void commit(ArchivedRange range) {
    JsonFiles.write(root.resolve("ranges").resolve(range.id() + ".json"), range);
  }

  /**
   * Files of an archive that crashed before its commit: they are rewritten from the same offsets.
   */
  private void removeUncommitted(long id) {
    DataFiles.deleteRecursively(eventsFolder(id));
    DataFiles.deleteRecursively(quarantineFolder(id));
  }

  private DataPath eventsFolder(long id) {
    return root.resolve("events").resolve(archiveName(id));
  }

  private DataPath quarantineFolder(long id) {
    return root.resolve("quarantine").resolve(archiveName(id));
  }

  private static String archiveName(long id) {
    return String.format("archive=%06d", id);
  }
}
