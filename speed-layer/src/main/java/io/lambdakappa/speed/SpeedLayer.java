package io.lambdakappa.speed;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.ArrivalTimes;
import io.lambdakappa.runtime.Folders;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.runtime.StreamAccounting;
import io.lambdakappa.runtime.StreamingViewWriter;
import io.lambdakappa.serving.LambdaServing;
import io.lambdakappa.serving.MicroBatchStats;
import io.lambdakappa.serving.ViewStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Lambda's speed layer: a Structured Streaming query over the events topic that starts at a batch
 * view's horizon and keeps the realtime view of the same generation up to date, with the shared
 * logic and its watermark. It only has to cover what the batch layer has not archived yet, so it
 * may be approximate about late data: the next recompute corrects it.
 *
 * <p>Each generation has its own checkpoint, so a restarted process resumes each generation where
 * it stopped. Per micro-batch it records input rows, duplicates, late drops, quarantined records,
 * processing time and event-to-visible latency in the store.
 */
public final class SpeedLayer {

  private final SparkSession spark;
  private final EventPipeline pipeline;
  private final ViewStore store;
  private final String bootstrapServers;
  private final String topic;
  private final Path checkpoints;
  private final Trigger trigger;

  public SpeedLayer(
      SparkSession spark,
      EventPipeline pipeline,
      ViewStore store,
      String bootstrapServers,
      String topic,
      Path checkpoints,
      Trigger trigger) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.store = store;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.checkpoints = checkpoints;
    this.trigger = trigger;
  }

  /**
   * Starts (or resumes) generation {@code generation} from {@code horizon}, the first offsets after
   * its batch view; an empty horizon means the start of the log.
   */
  public SpeedGeneration start(long generation, Map<Integer, Long> horizon)
      throws TimeoutException {
    String startingOffsets =
        horizon.isEmpty() ? "earliest" : KafkaOffsets.sparkJson(topic, horizon);
    Dataset<Row> raw =
        ArrivalTimes.observe(
            RawSources.kafkaStream(spark, bootstrapServers, topic, startingOffsets));
    StreamingViewWriter writer =
        new StreamingViewWriter(
            (batchId, rows) ->
                store.upsert(
                    LambdaServing.REALTIME_VIEW,
                    generation,
                    rows,
                    new MicroBatchStats(
                        batchId,
                        0,
                        0,
                        0,
                        0,
                        rows.size(),
                        0,
                        Double.NaN,
                        Double.NaN,
                        java.time.Instant.now())));
    String name =
        "lambda-speed-g" + generation + "-" + UUID.randomUUID().toString().substring(0, 8);
    StreamingQuery query =
        pipeline
            .apply(raw)
            .metrics()
            .writeStream()
            .queryName(name)
            .outputMode("update")
            .option("checkpointLocation", checkpoints.resolve("g" + generation).toString())
            .trigger(trigger)
            .foreachBatch(writer)
            .start();
    spark.streams().addListener(new BatchRecorder(query.id(), generation, writer));
    return new SpeedGeneration(generation, query, topic, horizon);
  }

  /**
   * Forgets a stopped generation: its rows, its micro-batch records and its checkpoint. Its batch
   * view is superseded, so nothing will ever resume it.
   */
  public void drop(SpeedGeneration generation) {
    if (generation.query().isActive()) {
      generation.stop();
    }
    store.dropGeneration(LambdaServing.REALTIME_VIEW, generation.generation());
    Folders.deleteRecursively(checkpoints.resolve("g" + generation.generation()));
  }

  /** Records each micro-batch's figures in the store once Spark reports them. */
  private final class BatchRecorder extends StreamingQueryListener {
    private final UUID queryId;
    private final long generation;
    private final StreamingViewWriter writer;

    BatchRecorder(UUID queryId, long generation, StreamingViewWriter writer) {
      this.queryId = queryId;
      this.generation = generation;
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
      store.recordBatch(
          LambdaServing.REALTIME_VIEW,
          generation,
          new MicroBatchStats(
              progress.batchId(),
              progress.numInputRows(),
              progress.numInputRows() - accounting.valid(),
              accounting.duplicates(),
              accounting.droppedLate(),
              writer.rowsWritten(progress.batchId()),
              progress.batchDuration(),
              latency.p50Millis(),
              latency.p99Millis(),
              writer.visibleAt(progress.batchId())));
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
