package io.lambdakappa.cli;

import io.lambdakappa.lambda.LambdaRunner;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.DuckDbViewStore;
import io.lambdakappa.serving.KappaServing;
import io.lambdakappa.serving.LambdaServing;
import io.lambdakappa.serving.LambdaStatus;
import io.lambdakappa.serving.ServingApi;
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
final class LambdaProcess implements AutoCloseable {

  private final Workspace workspace;
  private final DuckDbViewStore store;
  private final LambdaRunner runner;
  private final ServingApi api;
  private final AtomicReference<Long> lag;

  private LambdaProcess(
      Workspace workspace,
      DuckDbViewStore store,
      LambdaRunner runner,
      ServingApi api,
      AtomicReference<Long> lag) {
    this.workspace = workspace;
    this.store = store;
    this.runner = runner;
    this.api = api;
    this.lag = lag;
  }

  static LambdaProcess start(
      Workspace workspace,
      SparkSession spark,
      EventPipeline pipeline,
      String bootstrapServers,
      String topic,
      int keepVersions,
      int port)
      throws TimeoutException {
    DuckDbViewStore store = DuckDbViewStore.open(StoreFiles.database(workspace));
    LambdaRunner runner =
        new LambdaRunner(
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
      runner.startSpeedLayer();
      LambdaServing serving = new LambdaServing(store, LambdaRunner.catalog(workspace));
      ServingApi api =
          ServingApi.start(
              port,
              serving,
              new KappaServing(store),
              () ->
                  Map.of(
                      "lambda",
                      LambdaStatus.of(store, LambdaRunner.catalog(workspace), lag.get())));
      StoreFiles.writeApiAddress(workspace, api.address());
      return new LambdaProcess(workspace, store, runner, api, lag);
    } catch (IOException e) {
      runner.close();
      store.close();
      throw new UncheckedIOException(
          "cannot start the API on port " + port + ": " + e.getMessage(), e);
    }
  }

  LambdaRunner runner() {
    return runner;
  }

  String apiAddress() {
    return api.address();
  }

  /** One step: a batch run if asked, new views adopted, the generation switch when ready. */
  void tick(boolean runBatch, java.io.PrintWriter out) throws TimeoutException {
    if (runBatch) {
      LambdaBatchCommand.print(runner.runBatch(), out);
    }
    runner.adoptNewViews();
    if (runner.switchIfCaughtUp()) {
      out.printf(
          "serving generation %d (batch view v%d ⊕ its realtime view)%n",
          runner.served().generation(), runner.served().generation());
    }
    lag.set(runner.lag());
  }

  /** A one-line summary for the terminal. */
  String statusLine() {
    long generation = runner.served().generation();
    List<MicroBatchStats> batches = store.microBatches(LambdaServing.REALTIME_VIEW, generation);
    StreamingViewSummary realtime =
        LambdaStatus.of(store, LambdaRunner.catalog(workspace), lag.get()).realtime();
    return String.format(
        "lambda: serving g%d%s | lag %s | realtime %d batches, latency p50 %s p99 %s | quarantined %,d, late %,d, duplicates %,d | %s",
        generation,
        runner.pending().map(p -> " (g" + p.generation() + " catching up)").orElse(""),
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
      runner.close();
    } finally {
      api.close();
      StoreFiles.removeApiAddress(workspace);
      store.close();
    }
  }
}
