package io.lambdakappa.lambda;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.LatestOffsets;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ReferenceServing;
import io.lambdakappa.serving.ServingApi;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.StreamingViewSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * A long-running Lambda process: the view store, the speed layer (with its generations) and the
 * serving API, kept in step by {@link #tick}. {@code lk lambda run} adds the broker, a generator
 * and the batch layer on a timer; {@code lk lambda speed} runs just this.
 */
public final class LambdaProcess implements AutoCloseable {

  private final Workspace workspace;
  private final ViewStore store;
  private final LambdaPipeline lambda;
  private final ServingApi api;
  private final AtomicReference<Long> lag;
  private final LatestOffsets latestOffsets;

  private LambdaProcess(
      Workspace workspace,
      ViewStore store,
      LambdaPipeline lambda,
      ServingApi api,
      AtomicReference<Long> lag,
      LatestOffsets latestOffsets) {
    this.workspace = workspace;
    this.store = store;
    this.lambda = lambda;
    this.api = api;
    this.lag = lag;
    this.latestOffsets = latestOffsets;
  }

  /**
   * Opens the store, starts the speed layer and the API.
   *
   * @param references what the API serves beside Lambda to judge it by (the live oracle), if any
   */
  public static LambdaProcess start(
      Workspace workspace,
      StoreLocation storeLocation,
      SparkSession spark,
      EventPipeline pipeline,
      String bootstrapServers,
      String topic,
      int keepVersions,
      int port,
      List<ReferenceServing> references)
      throws TimeoutException {
    ViewStore store = storeLocation.open(workspace);
    LambdaPipeline lambda =
        new LambdaPipeline(
            spark,
            pipeline,
            workspace,
            store,
            bootstrapServers,
            topic,
            keepVersions,
            Trigger.ProcessingTime(0));
    // Unknown (null) until the first tick measures it; the API may be asked before that.
    AtomicReference<Long> lag = new AtomicReference<>();
    try {
      lambda.startSpeedLayer();
      LambdaServing serving = new LambdaServing(store, LambdaPipeline.catalog(workspace));
      ServingApi api =
          ServingApi.start(
              port,
              List.of(serving),
              () ->
                  Map.of(
                      "lambda",
                      LambdaStatus.of(
                          store,
                          LambdaPipeline.catalog(workspace),
                          lag.get(),
                          lambda.served().watermark().orElse(null))),
              references);
      workspace.writeApiAddress(api.address());
      return new LambdaProcess(
          workspace,
          store,
          lambda,
          api,
          lag,
          new LatestOffsets(bootstrapServers, topic, LatestOffsets.PATIENCE));
    } catch (IOException e) {
      lambda.close();
      store.close();
      throw new UncheckedIOException(
          "cannot start the API on port " + port + ": " + e.getMessage(), e);
    } catch (RuntimeException | TimeoutException e) {
      // A speed layer that cannot start (Kafka unreachable, say) leaves no store open behind it.
      lambda.close();
      store.close();
      throw e;
    }
  }

  public LambdaPipeline pipeline() {
    return lambda;
  }

  public String apiAddress() {
    return api.address();
  }

  /** One step: a batch run if asked, new views adopted, the generation switch when ready. */
  public void tick(boolean runBatch, java.io.PrintWriter out) throws TimeoutException {
    if (runBatch) {
      lambda.runBatch().printTo(out);
    }
    lambda.adoptNewViews();
    if (lambda.switchIfCaughtUp()) {
      out.printf(
          "serving generation %d (batch view v%d ⊕ its realtime view)%n",
          lambda.served().generation(), lambda.served().generation());
    }
    lag.set(latestOffsets.read().map(lambda::lag).orElse(null));
  }

  /** A one-line summary for the terminal. */
  public String statusLine() {
    long generation = lambda.served().generation();
    List<MicroBatchStats> batches = store.microBatches(SpeedLayer.REALTIME_VIEW, generation);
    StreamingViewSummary realtime =
        StreamingViewSummary.of(store, SpeedLayer.REALTIME_VIEW, generation);
    return String.format(
        "lambda: serving g%d%s | lag %s | realtime %d batches, latency p50 %s p99 %s | quarantined %,d, late %,d, duplicates %,d | %s",
        generation,
        lambda.pending().map(p -> " (g" + p.generation() + " catching up)").orElse(""),
        lag.get() == null ? "?" : String.format("%,d", lag.get()),
        batches.size(),
        millis(realtime.latencyP50Millis()),
        millis(realtime.latencyP99Millis()),
        realtime.quarantined(),
        realtime.droppedLate(),
        realtime.duplicates(),
        api.address());
  }

  private static String millis(Double value) {
    return value == null ? "-" : String.format("%.0f ms", value);
  }

  @Override
  public void close() {
    try {
      lambda.close();
    } finally {
      api.close();
      workspace.removeApiAddress();
      store.close();
    }
  }
}
