package io.lambdakappa.batch;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.ArchivedRange;
import io.lambdakappa.runtime.KafkaOffsets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * One run of Lambda's batch layer: archive what is new in the log into the master dataset, raw,
 * then recompute a batch view from all of it with the whole shared logic, then publish the view
 * atomically. Run it every few minutes, or once with {@code lk lambda batch}.
 */
public final class BatchLayer {

  /** What one run did, and how long each step took. */
  public record Run(
      Optional<ArchivedRange> archived,
      BatchViewManifest view,
      Duration archiveTime,
      Duration recomputeTime) {

    /** What the run did, in a few lines for the terminal. */
    public void printTo(PrintWriter out) {
      archived.ifPresentOrElse(
          range ->
              out.printf(
                  "archived %,d records, raw, from %s in %.1f s%n",
                  range.records(),
                  range.from().isEmpty() ? range.source() : range.from() + " to " + range.to(),
                  archiveTime.toMillis() / 1000.0),
          () -> out.println("nothing new to archive"));
      double seconds = recomputeTime.toMillis() / 1000.0;
      out.printf(
          "published batch view v%d: %,d windows from %,d events in %.1f s (%,.0f events/s), horizon %s%n",
          view.version(),
          view.rows(),
          view.read(),
          seconds,
          view.read() / Math.max(seconds, 1e-3),
          view.horizon());
      out.printf(
          "  read %,d = counted %,d + duplicates %,d + quarantined %,d%n",
          view.read(), view.counted(), view.duplicates(), view.quarantined());
    }
  }

  private final SparkSession spark;
  private final EventPipeline pipeline;
  private final MasterDataset master;
  private final BatchViewCatalog catalog;
  private final ViewPublisher publisher;

  public BatchLayer(
      SparkSession spark,
      EventPipeline pipeline,
      MasterDataset master,
      BatchViewCatalog catalog,
      int keepVersions) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.master = master;
    this.catalog = catalog;
    this.publisher = new ViewPublisher(catalog, keepVersions);
  }

  public MasterDataset master() {
    return master;
  }

  public BatchViewCatalog catalog() {
    return catalog;
  }

  /**
   * Archives the topic's new records, recomputes, publishes.
   *
   * @param inUse views that must not be removed by retention (the one being served)
   */
  public Run run(String bootstrapServers, String topic, Set<Long> inUse) {
    long began = System.nanoTime();
    Optional<ArchivedRange> archived = master.archive(spark, bootstrapServers, topic);
    long archivedAt = System.nanoTime();
    BatchViewManifest view = recompute(topic, inUse);
    return new Run(
        archived,
        view,
        Duration.ofNanos(archivedAt - began),
        Duration.ofNanos(System.nanoTime() - archivedAt));
  }

  /**
   * Loads event files into the master dataset (the historical bootstrap), then recomputes. Files
   * already loaded are not loaded again.
   *
   * @throws IllegalStateException if {@code topic} holds records the master dataset has not
   *     archived: the speed layer reads the topic from the batch horizon, and a file bootstrap does
   *     not move that horizon, so any event both in the files and in the topic would be counted
   *     twice
   */
  public Run bootstrapFromFiles(
      Path folder, String bootstrapServers, String topic, Set<Long> inUse) {
    long unarchived = unarchivedRecords(bootstrapServers, topic);
    if (unarchived > 0) {
      throw new IllegalStateException(
          String.format(
              "topic %s already holds %,d records the master dataset has not archived; loading"
                  + " files now would count every event that is in both twice. If the topic holds"
                  + " these files' events, run `lk lambda batch` without --from-files (it archives"
                  + " the topic); if the files are older history, run `lk lambda batch` first, then"
                  + " load them",
              topic, unarchived));
    }
    long began = System.nanoTime();
    Optional<ArchivedRange> archived = master.appendFiles(spark, folder);
    long archivedAt = System.nanoTime();
    BatchViewManifest view = recompute(topic, inUse);
    return new Run(
        archived,
        view,
        Duration.ofNanos(archivedAt - began),
        Duration.ofNanos(System.nanoTime() - archivedAt));
  }

  private long unarchivedRecords(String bootstrapServers, String topic) {
    Map<Integer, Long> archived = master.archivedUpTo();
    return KafkaOffsets.latest(bootstrapServers, topic).entrySet().stream()
        .mapToLong(end -> Math.max(0, end.getValue() - archived.getOrDefault(end.getKey(), 0L)))
        .sum();
  }

  private BatchViewManifest recompute(String topic, Set<Long> inUse) {
    BatchViewManifest view = new BatchViewBuilder(pipeline).build(spark, master, catalog, topic);
    publisher.publish(view, inUse);
    return view;
  }
}
