package io.lambdakappa.streaming;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.EventValidation;
import io.lambdakappa.logic.StreamAccounting;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Starts the streaming queries that fill the store's streaming views: a log ({@link StreamSource}),
 * through the shared logic, into upserts of one (view, generation) in a {@link StreamStore}.
 * Lambda's speed layer and the Kappa pipeline both start their queries here, so the way a stream
 * reaches the store is written once; what differs between them (where a query starts, when it is
 * served, when it is dropped) stays in their modules.
 *
 * <p>The source and the store are injected: Kafka and DuckDB when {@code lk} runs, an in-memory log
 * in the tests of the speed layer and of Kappa.
 *
 * <p>Per micro-batch the store records input rows, quarantined records, duplicates, late drops,
 * processing time, event-to-visible latency and the offsets the view is committed to, in the same
 * transaction as the batch's rows: a crash loses both or neither.
 */
public final class StreamingViews {

  private final SparkSession spark;
  private final StreamSource source;
  private final StreamStore store;

  public StreamingViews(SparkSession spark, StreamSource source, StreamStore store) {
    this.spark = spark;
    this.source = source;
    this.store = store;
  }

  /** The log the views are filled from. */
  public StreamSource source() {
    return source;
  }

  /** Starts (or resumes from its checkpoint) the query {@code spec} describes. */
  public StreamingViewQuery start(StreamingViewSpec spec) throws TimeoutException {
    clearIfNeverStarted(spec.checkpoint());
    QuerySettings settings = QuerySettings.of(spec.maxRecordsPerBatch(), backlog(spec));
    return settings.startWith(spark, () -> startQuery(spec));
  }

  /** Records in the log past where {@code spec} starts (an upper bound: retention may have run). */
  private long backlog(StreamingViewSpec spec) {
    long records = 0;
    for (Map.Entry<Integer, Long> partition : source.latest().entrySet()) {
      records +=
          Math.max(
              0,
              partition.getValue() - spec.startingOffsets().getOrDefault(partition.getKey(), 0L));
    }
    return records;
  }

  private StreamingViewQuery startQuery(StreamingViewSpec spec) throws TimeoutException {
    Dataset<Row> raw = source.open(spark, spec.startingOffsets(), spec.maxRecordsPerBatch());
    if (!spec.trigger().equals(Trigger.AvailableNow())) {
      // A bounded run replays history: how long ago its records arrived is no latency of ours,
      // and observing it costs a percentile sketch update per record (docs/benchmark.md).
      raw = ArrivalTimes.observe(raw);
    }
    StreamingViewWriter writer =
        new StreamingViewWriter(
            spark,
            (batchId, rows, batch) -> {
              Rejects rejects = Rejects.of(batch.observedMetrics());
              store.upsert(
                  spec.view(),
                  spec.generation(),
                  rows,
                  figures(batchId, rows.size(), batch, rejects.count()),
                  rejects.records());
            });
    String name =
        spec.view() + "-" + spec.generation() + "-" + UUID.randomUUID().toString().substring(0, 8);
    StreamingQuery query =
        spec.pipeline()
            .applyObservingRejects(raw)
            .metrics()
            .writeStream()
            .queryName(name)
            .outputMode("update")
            .option("checkpointLocation", spec.checkpoint().toString())
            .trigger(spec.trigger())
            .foreachBatch(writer)
            .start();
    return new StreamingViewQuery(spec, query, source, store);
  }

  /**
   * A checkpoint with no batch in its offset log holds no progress: the query was stopped or killed
   * while it wrote its first offsets, and left a temporary file. Spark starts such a query as a new
   * one and refuses a checkpoint that is not empty (STATE_STORE_CHECKPOINT_LOCATION_NOT_EMPTY), so
   * the query could never start again. What is left there is deleted: nothing in it was committed.
   */
  private static void clearIfNeverStarted(DataPath checkpoint) {
    DataPath offsets = checkpoint.resolve("offsets");
    boolean anyBatch =
        DataFiles.list(offsets).stream().anyMatch(file -> file.name().matches("[0-9]+"));
    if (!anyBatch && DataFiles.exists(checkpoint)) {
      DataFiles.deleteRecursively(checkpoint);
    }
  }

  /**
   * Forgets a generation for good: stops its query, deletes its rows and micro-batch records and
   * its checkpoint.
   */
  public void drop(StreamingViewQuery generation) {
    if (generation.isActive()) {
      generation.stop();
    }
    store.dropGeneration(generation.spec().view(), generation.generation());
    DataFiles.deleteRecursively(generation.spec().checkpoint());
  }

  /** A micro-batch's refused records, as the validation observed them ({@code QUARANTINED}). */
  private record Rejects(long count, List<RejectedRecord> records) {
    static Rejects of(Map<String, Row> observedMetrics) {
      Row observed = observedMetrics.get(EventValidation.QUARANTINED);
      if (observed == null) {
        return new Rejects(0, List.of());
      }
      List<RejectedRecord> records = new ArrayList<>();
      for (Row rejected :
          observed.<Row>getList(observed.fieldIndex(EventValidation.QUARANTINED_ROWS))) {
        records.add(
            new RejectedRecord(
                rejected.getAs(EventSchema.SOURCE),
                rejected.getAs(EventSchema.REASON),
                rejected.getAs(EventSchema.MESSAGE),
                rejected.getAs(EventSchema.RAW_TEXT)));
      }
      return new Rejects(
          observed.<Long>getAs(EventValidation.QUARANTINED_COUNT), List.copyOf(records));
    }
  }

  /**
   * A micro-batch's figures, as its rows are written. Its latency is measured to the moment the
   * upsert starts: the few milliseconds of the store's own transaction are not in it.
   */
  private MicroBatchStats figures(
      long batchId, int rowsWritten, RunningMicroBatch batch, long quarantined) {
    Instant visibleAt = Instant.now();
    StreamAccounting accounting = batch.accounting();
    ArrivalTimes.Latency latency = ArrivalTimes.latency(batch.observedMetrics(), visibleAt);
    Map<Integer, Long> endOffsets = new TreeMap<>();
    for (String offsets : batch.endOffsets()) {
      endOffsets.putAll(source.offsets(offsets));
    }
    return new MicroBatchStats(
        batchId,
        batch.inputRows(),
        quarantined,
        accounting.duplicates(),
        accounting.droppedLate(),
        rowsWritten,
        Duration.between(batch.startedAt(), visibleAt).toMillis(),
        latency.p50Millis(),
        latency.p95Millis(),
        latency.p99Millis(),
        visibleAt,
        endOffsets,
        latency.profileMillis(),
        accounting.valid(),
        accounting.counted());
  }
}
