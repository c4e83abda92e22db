package io.lambdakappa.serving;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.EventValidation;
import io.lambdakappa.runtime.ArrivalTimes;
import io.lambdakappa.runtime.Folders;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.runtime.StreamAccounting;
import io.lambdakappa.runtime.StreamingViewWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Starts the streaming queries that fill the store's streaming views: the events topic, through the
 * shared logic, into upserts of one (view, generation). Lambda's speed layer and the Kappa pipeline
 * both start their queries here, so the way a stream reaches the store is written once; what
 * differs between them (where a query starts, when it is served, when it is dropped) stays in their
 * modules.
 *
 * <p>Per micro-batch the store records input rows, quarantined records, duplicates, late drops,
 * processing time, event-to-visible latency and the offsets the view is committed to.
 */
public final class StreamingViews {

  private final SparkSession spark;
  private final ViewStore store;
  private final String bootstrapServers;
  private final String topic;

  public StreamingViews(
      SparkSession spark, ViewStore store, String bootstrapServers, String topic) {
    this.spark = spark;
    this.store = store;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }

  /** Starts (or resumes from its checkpoint) the query {@code spec} describes. */
  public StreamingViewQuery start(StreamingViewSpec spec) throws TimeoutException {
    String startingOffsets =
        spec.startingOffsets().isEmpty()
            ? "earliest"
            : KafkaOffsets.sparkJson(topic, spec.startingOffsets());
    Dataset<Row> raw =
        ArrivalTimes.observe(
            RawSources.kafkaStream(
                spark, bootstrapServers, topic, startingOffsets, spec.maxRecordsPerBatch()));
    StreamingViewWriter writer =
        new StreamingViewWriter(
            (batchId, rows) ->
                store.upsert(
                    spec.view(),
                    spec.generation(),
                    rows,
                    MicroBatchStats.written(batchId, rows.size())));
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
    spark.streams().addListener(new BatchRecorder(query.id(), spec, writer));
    return new StreamingViewQuery(spec, query, topic, store);
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
    Folders.deleteRecursively(generation.spec().checkpoint());
  }

  /** A micro-batch's refused records, as the validation observed them ({@code QUARANTINED}). */
  private record Rejects(long count, List<RejectedRecord> records) {
    static Rejects of(StreamingQueryProgress progress) {
      Row observed = progress.observedMetrics().get(EventValidation.QUARANTINED);
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

  /** Records each micro-batch's figures in the store once Spark reports them. */
  private final class BatchRecorder extends StreamingQueryListener {
    private final UUID queryId;
    private final StreamingViewSpec spec;
    private final StreamingViewWriter writer;

    BatchRecorder(UUID queryId, StreamingViewSpec spec, StreamingViewWriter writer) {
      this.queryId = queryId;
      this.spec = spec;
      this.writer = writer;
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      StreamingQueryProgress progress = event.progress();
      if (!progress.id().equals(queryId) || writer.visibleAt(progress.batchId()) == null) {
        return;
      }
      StreamAccounting accounting = StreamAccounting.of(progress);
      ArrivalTimes.Latency latency =
          ArrivalTimes.latency(progress, writer.visibleAt(progress.batchId()));
      Map<Integer, Long> endOffsets = new TreeMap<>();
      for (SourceProgress source : progress.sources()) {
        endOffsets.putAll(KafkaOffsets.fromSparkJson(topic, source.endOffset()));
      }
      Rejects rejects = Rejects.of(progress);
      store.recordBatch(
          spec.view(),
          spec.generation(),
          new MicroBatchStats(
              progress.batchId(),
              progress.numInputRows(),
              rejects.count(),
              accounting.duplicates(),
              accounting.droppedLate(),
              writer.rowsWritten(progress.batchId()),
              progress.batchDuration(),
              latency.p50Millis(),
              latency.p95Millis(),
              latency.p99Millis(),
              writer.visibleAt(progress.batchId()),
              endOffsets,
              latency.profileMillis(),
              accounting.valid(),
              accounting.counted()),
          rejects.records());
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
      if (event.id().equals(queryId)) {
        spark.streams().removeListener(this);
      }
    }
  }
}
