package io.lambdakappa.lambda;

import static io.lambdakappa.logic.EventSchema.EVENT_ID;
import static io.lambdakappa.logic.EventSchema.EVENT_TIME;
import static org.apache.spark.sql.functions.col;

import io.lambdakappa.batch.BatchLayer;
import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.batch.MasterDataset;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.HorizonSeam;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.GenerationSwitch;
import io.lambdakappa.streaming.KafkaStreamSource;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViews;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Lambda's moving parts, driven together: the batch layer runs when asked; each published batch
 * view {@code g} starts speed generation {@code g} at its horizon; the serving layer switches to
 * {@code (g, g)} once that generation is at least as fresh as the one it serves, and the old
 * generation is stopped and dropped (docs/lambda.md, "Generations").
 *
 * <p>Restartable: the served generation is kept in the store and each generation has its own
 * checkpoint, so a new process resumes where the last one stopped.
 */
public final class LambdaPipeline implements AutoCloseable {

  private final SparkSession spark;
  private final EventPipeline pipeline;
  private final String bootstrapServers;
  private final String topic;
  private final ViewStore store;
  private final BatchLayer batchLayer;
  private final SpeedLayer speedLayer;
  private final GenerationSwitch generations;

  public LambdaPipeline(
      SparkSession spark,
      EventPipeline pipeline,
      Workspace workspace,
      ViewStore store,
      String bootstrapServers,
      String topic,
      int keepVersions,
      Trigger trigger) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.store = store;
    this.generations = new GenerationSwitch(store, SpeedLayer.REALTIME_VIEW);
    this.batchLayer =
        new BatchLayer(
            spark,
            pipeline,
            new MasterDataset(workspace.master()),
            catalog(workspace),
            keepVersions);
    this.speedLayer =
        new SpeedLayer(
            new StreamingViews(spark, new KafkaStreamSource(bootstrapServers, topic), store),
            pipeline,
            workspace.speedCheckpoints(),
            trigger);
  }

  public static BatchViewCatalog catalog(Workspace workspace) {
    return new BatchViewCatalog(workspace.batchViews());
  }

  public BatchLayer batchLayer() {
    return batchLayer;
  }

  /** Starts the speed layer for the served generation, and for a newer view if one is waiting. */
  public void startSpeedLayer() throws TimeoutException {
    long generation = store.servedGeneration(SpeedLayer.REALTIME_VIEW).orElse(0L);
    // Pin it: from now on the store, not the newest batch view, says what is served.
    generations.serve(startGeneration(generation, horizonOf(generation)));
    Optional<BatchViewManifest> newest = batchLayer.catalog().latest();
    if (newest.isPresent() && newest.get().version() > generation) {
      generations.pend(startGeneration(newest.get().version(), newest.get().horizon()));
    }
  }

  /** Archives, recomputes and publishes; the new view's speed generation starts at once. */
  public BatchLayer.Run runBatch() throws TimeoutException {
    Set<Long> inUse = new HashSet<>();
    inUse.add(generations.served() == null ? 0 : generations.served().generation());
    generations.pending().ifPresent(pending -> inUse.add(pending.generation()));
    BatchLayer.Run run = batchLayer.run(bootstrapServers, topic, inUse);
    if (generations.served() != null) {
      pend(startGeneration(run.view().version(), run.view().horizon()));
    }
    return run;
  }

  /**
   * Starts the speed generation of a batch view published by another process ({@code lk lambda
   * batch}), if there is one newer than what runs here.
   */
  public void adoptNewViews() throws TimeoutException {
    Optional<BatchViewManifest> newest = batchLayer.catalog().latest();
    long running = generations.pending().orElse(generations.served()).generation();
    if (newest.isEmpty() || newest.get().version() <= running) {
      return;
    }
    pend(startGeneration(newest.get().version(), newest.get().horizon()));
  }

  /** A newer generation catches up; one that was catching up is superseded, never served. */
  private void pend(StreamingViewQuery generation) {
    generations.pend(generation).ifPresent(speedLayer::drop);
  }

  /**
   * Starts (or resumes) speed generation {@code generation} at its batch view's horizon, with the
   * seam that keeps a duplicate straddling the horizon from being counted on both sides.
   */
  private StreamingViewQuery startGeneration(long generation, Map<Integer, Long> horizon)
      throws TimeoutException {
    HorizonSeam seam = generation == 0 ? null : seamOf(generation, horizon);
    return speedLayer.start(generation, horizon, seam);
  }

  /**
   * The seam of batch view {@code generation}: from the tail the recompute kept with the view (the
   * events it counted near its end), when that reaches back at least this logic's watermark delay;
   * otherwise by judging the master dataset's raw records before the horizon again, with this
   * logic, and keeping the ids and times of the valid events.
   */
  private HorizonSeam seamOf(long generation, Map<Integer, Long> horizon) {
    Duration delay = pipeline.config().watermarkDelay();
    Optional<BatchViewManifest> view = batchLayer.catalog().version(generation);
    if (view.isPresent()
        && view.get().tailPath() != null
        && view.get().tailDelayMillis() >= delay.toMillis()) {
      return HorizonSeam.of(spark.read().parquet(view.get().tailPath()), delay);
    }
    Dataset<Row> archived =
        pipeline
            .validate(batchLayer.master().recordsWithin(spark, horizon))
            .events()
            .select(col(EVENT_ID), col(EVENT_TIME))
            .persist();
    try {
      return HorizonSeam.of(archived, delay);
    } finally {
      archived.unpersist();
    }
  }

  /**
   * Switches serving to the pending generation if it has committed at least what the served one
   * has. Returns whether it switched.
   */
  public boolean switchIfCaughtUp() {
    if (!generations.caughtUp()) {
      return false;
    }
    speedLayer.drop(generations.switchToPending());
    return true;
  }

  public StreamingViewQuery served() {
    return generations.served();
  }

  public Optional<StreamingViewQuery> pending() {
    return generations.pending();
  }

  /** Records in the topic up to {@code latest} that the served generation has not committed yet. */
  public long lag(Map<Integer, Long> latest) {
    return generations.served() == null ? 0 : generations.served().lag(latest);
  }

  private Map<Integer, Long> horizonOf(long generation) {
    if (generation == 0) {
      return Map.of();
    }
    return batchLayer
        .catalog()
        .version(generation)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the store serves generation " + generation + " but its batch view is gone"))
        .horizon();
  }

  @Override
  public void close() {
    for (StreamingViewQuery generation :
        new StreamingViewQuery[] {generations.pending().orElse(null), generations.served()}) {
      if (generation != null && generation.isActive()) {
        generation.stop();
      }
    }
    spark.streams().resetTerminated();
  }
}
