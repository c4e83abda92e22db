package io.lambdakappa.batch;

import static io.lambdakappa.logic.EventSchema.EVENTS;
import static io.lambdakappa.logic.EventSchema.EVENT_ID;
import static io.lambdakappa.logic.EventSchema.EVENT_TIME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.ArchivedRange;
import io.lambdakappa.runtime.RawArchive;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Recomputes a batch view from the whole master dataset with all of the shared logic: the raw
 * records are parsed, validated, quarantined, deduplicated and aggregated by the same logic the
 * streams run ({@link EventPipeline#applyOnce}: {@link EventPipeline#apply}, parsing once for its
 * two outputs). The batch layer's answer to everything, its own past mistakes included, is to
 * compute again from all the facts: a change to validation is a change to the next batch view, and
 * the records an earlier logic refused are judged again.
 *
 * <p>It writes the view's metrics, its quarantine and its tail (the events near its end that the
 * speed layer's seam must remember), and returns its manifest; publishing is a separate, atomic
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
    // One list of archives for the horizon, the records and the count: an archive committed by
    // another process meanwhile is left to the next view.
    List<ArchivedRange> archives = master.ranges();
    if (archives.isEmpty()) {
      throw new IllegalStateException("the master dataset is empty: nothing to recompute");
    }
    Map<Integer, Long> horizon = RawArchive.upTo(archives);
    // Two outputs, two jobs: the records are parsed and judged once, by the first, and kept.
    EventPipeline.Output output = pipeline.applyOnce(master.records(spark, archives));
    String path = catalog.dataFolder(version).toString();
    String quarantinePath = catalog.quarantineFolder(version).toString();
    String tailPath = catalog.tailFolder(version).toString();
    Duration tailDelay = pipeline.config().watermarkDelay();
    try {
      output.quarantined().write().mode(SaveMode.ErrorIfExists).parquet(quarantinePath);
      output.metrics().coalesce(2).write().mode(SaveMode.ErrorIfExists).parquet(path);
      tail(output.validated().events(), tailDelay)
          .coalesce(1)
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(tailPath);
    } finally {
      output.release();
    }

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
        tailPath,
        tailDelay.toMillis(),
        horizon,
        rows,
        read,
        counted,
        valid - counted,
        quarantined,
        Instant.now());
  }

  /**
   * The events the view counts within {@code delay} of its latest event time, by {@code (event_id,
   * event_time)}: what a stream that starts at the view's horizon must remember (docs/lambda.md,
   * "The seam"). Kept with the view, so the speed layer need not judge the master dataset again.
   */
  private static Dataset<Row> tail(Dataset<Row> validEvents, Duration delay) {
    Row latest = validEvents.agg(max(col(EVENT_TIME))).first();
    Column within =
        latest.isNullAt(0)
            ? lit(false)
            : col(EVENT_TIME)
                .gt(lit(Timestamp.from(latest.getTimestamp(0).toInstant().minus(delay))));
    return validEvents.where(within).select(col(EVENT_ID), col(EVENT_TIME)).distinct();
  }
}
