package io.lambdakappa.batch;

import static io.lambdakappa.logic.EventSchema.EVENTS;
import static io.lambdakappa.logic.EventSchema.EVENT_ID;
import static io.lambdakappa.logic.EventSchema.EVENT_TIME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

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
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

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

  private static final String LATEST = "latest";
  private static final String ROWS = "rows";

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
    // What the manifest and the tail need is observed as the outputs are written, not read back
    // by jobs of their own: the latest event time, the view's rows and events, the quarantine's.
    Observation latest = new Observation("lk_latest_event_time");
    Observation written = new Observation("lk_view_written");
    Observation refused = new Observation("lk_quarantine_written");
    Dataset<Row> events = output.validated().events();
    Dataset<Row> metrics =
        pipeline
            .metrics(events.observe(latest, max(col(EVENT_TIME)).as(LATEST)))
            .observe(written, count(lit(1)).as(ROWS), sum(col(EVENTS)).as(EVENTS));
    String path = catalog.dataFolder(version).toString();
    String quarantinePath = catalog.quarantineFolder(version).toString();
    String tailPath = catalog.tailFolder(version).toString();
    Duration tailDelay = pipeline.config().watermarkDelay();
    long rows;
    long counted;
    long quarantined;
    try {
      output
          .quarantined()
          .observe(refused, count(lit(1)).as(ROWS))
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(quarantinePath);
      metrics.coalesce(2).write().mode(SaveMode.ErrorIfExists).parquet(path);
      tail(events, (Timestamp) observed(latest).get(LATEST), tailDelay)
          .coalesce(1)
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(tailPath);
      Map<String, Object> view = observed(written);
      rows = (Long) view.get(ROWS);
      counted = view.get(EVENTS) == null ? 0 : (Long) view.get(EVENTS);
      quarantined = (Long) observed(refused).get(ROWS);
    } finally {
      output.release();
    }
    long read = archives.stream().mapToLong(ArchivedRange::records).sum();
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

  /** What an observation saw: its action has run, so this does not wait. */
  private static Map<String, Object> observed(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading what the recompute observed", e);
    }
  }

  /**
   * The events the view counts within {@code delay} of its latest event time, by {@code (event_id,
   * event_time)}: what a stream that starts at the view's horizon must remember (docs/lambda.md,
   * "The seam"). Kept with the view, so the speed layer need not judge the master dataset again.
   */
  private static Dataset<Row> tail(Dataset<Row> validEvents, Timestamp latest, Duration delay) {
    Column within =
        latest == null
            ? lit(false)
            : col(EVENT_TIME).gt(lit(Timestamp.from(latest.toInstant().minus(delay))));
    return validEvents.where(within).select(col(EVENT_ID), col(EVENT_TIME)).distinct();
  }
}
