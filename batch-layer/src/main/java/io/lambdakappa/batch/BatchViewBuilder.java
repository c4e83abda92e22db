package io.lambdakappa.batch;

import static io.lambdakappa.logic.EventSchema.EVENTS;

import io.lambdakappa.logic.EventPipeline;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Recomputes a batch view from the whole master dataset, with the shared logic: the batch layer's
 * answer to everything, including its own past mistakes and late data, is to compute again from all
 * the facts. It writes the view's files and returns its manifest; publishing is a separate, atomic
 * step ({@link ViewPublisher}), so a crash in between leaves the previous view served.
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
    Map<Integer, Long> horizon = master.archivedUpTo();
    Dataset<Row> events = master.events(spark);
    String path = catalog.dataFolder(version).toString();
    pipeline.metrics(events).coalesce(2).write().mode(SaveMode.ErrorIfExists).parquet(path);

    Row totals =
        spark
            .read()
            .parquet(path)
            .agg(functions.count(functions.lit(1)), functions.sum(EVENTS))
            .first();
    long rows = totals.getLong(0);
    long counted = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long valid = events.count();
    long quarantined = master.quarantine(spark).count();
    return new BatchViewManifest(
        version,
        topic,
        path,
        horizon,
        rows,
        valid + quarantined,
        counted,
        valid - counted,
        quarantined,
        Instant.now());
  }
}
