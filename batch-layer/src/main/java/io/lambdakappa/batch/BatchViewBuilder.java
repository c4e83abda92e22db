package io.lambdakappa.batch;

import static io.lambdakappa.logic.EventSchema.EVENTS;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.ArchivedRange;
import io.lambdakappa.runtime.RawArchive;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Recomputes a batch view from the whole master dataset with all of the shared logic: the raw
 * records are parsed, validated, quarantined, deduplicated and aggregated by the same {@link
 * EventPipeline#apply} the streams run. The batch layer's answer to everything, its own past
 * mistakes included, is to compute again from all the facts: a change to validation is a change to
 * the next batch view, and the records an earlier logic refused are judged again.
 *
 * <p>It writes the view's metrics and its quarantine, and returns its manifest; publishing is a
 * separate, atomic step ({@link ViewPublisher}), so a crash in between leaves the previous view
 * served.
 */
public final class BatchViewBuilder {

  private final EventPipeline pipeline;

  public BatchViewBuilder(EventPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Writes view {@code catalog.nextVersion()} and returns its (unpublished) manifest. */
  public BatchViewManifest build(
      SparkSession spark, MasterDataset master, BatchViewCatalog catalog, String topic) {
    long version = catalog.nextVersion();
    // One list of archives for the horizon, the records and the count: an archive committed by
    // another process meanwhile is left to the next view.
    List<ArchivedRange> archives = master.ranges();
    if (archives.isEmpty()) {
      throw new IllegalStateException("the master dataset is empty: nothing to recompute");
    }
    Map<Integer, Long> horizon = RawArchive.upTo(archives);
    EventPipeline.Output output = pipeline.apply(master.records(spark, archives));
    String path = catalog.dataFolder(version).toString();
    String quarantinePath = catalog.quarantineFolder(version).toString();
    output.quarantined().write().mode(SaveMode.ErrorIfExists).parquet(quarantinePath);
    output.metrics().coalesce(2).write().mode(SaveMode.ErrorIfExists).parquet(path);

    Row totals =
        spark
            .read()
            .parquet(path)
            .agg(functions.count(functions.lit(1)), functions.sum(EVENTS))
            .first();
    long rows = totals.getLong(0);
    long counted = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long read = archives.stream().mapToLong(ArchivedRange::records).sum();
    long quarantined = spark.read().parquet(quarantinePath).count();
    long valid = read - quarantined;
    return new BatchViewManifest(
        version,
        topic,
        path,
        quarantinePath,
        horizon,
        rows,
        read,
        counted,
        valid - counted,
        quarantined,
        Instant.now());
  }
}
