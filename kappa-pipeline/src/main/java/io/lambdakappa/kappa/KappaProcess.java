package io.lambdakappa.kappa;

import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.Durations;
import io.lambdakappa.runtime.LatestOffsets;
import io.lambdakappa.runtime.Progress;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ReferenceServing;
import io.lambdakappa.serving.ServingApi;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * A running Kappa process: the view store, the pipeline (the served version, and the reprocessed
 * one while a reprocess runs) and the serving API, kept in step by {@link #tick}. While a version
 * replays the log, a progress bar shows how far it is and at what speed.
 */
public final class KappaProcess implements AutoCloseable {

  private final Workspace workspace;
  private final ViewStore store;
  private final KappaPipeline pipeline;
  private final ServingApi api;
  private final AtomicReference<Long> lag;
  private final LatestOffsets latestOffsets;
  private Progress catchUp;
  private long catchUpVersion;

  private KappaProcess(
      Workspace workspace,
      ViewStore store,
      KappaPipeline pipeline,
      ServingApi api,
      AtomicReference<Long> lag,
      String bootstrapServers,
      String topic) {
    this.workspace = workspace;
    this.store = store;
    this.pipeline = pipeline;
    this.api = api;
    this.lag = lag;
    this.latestOffsets = new LatestOffsets(bootstrapServers, topic, LatestOffsets.PATIENCE);
  }

  /**
   * Opens the store, starts (or resumes) the served version and the API.
   *
   * @param firstLogic the logic of version 1, if there is no version yet
   * @param references what the API serves beside Kappa to judge it by (the live oracle), if any
   */
  public static KappaProcess start(
      Workspace workspace,
      StoreLocation storeLocation,
      SparkSession spark,
      String bootstrapServers,
      String topic,
      LogicConfig firstLogic,
      Trigger trigger,
      long maxBatchRecords,
      int port,
      List<ReferenceServing> references)
      throws TimeoutException {
    ViewStore store = storeLocation.open(workspace);
    KappaPipeline pipeline =
        KappaPipeline.of(
            spark, store, workspace, bootstrapServers, topic, trigger, maxBatchRecords);
    AtomicReference<Long> lag = new AtomicReference<>();
    try {
      pipeline.start(firstLogic);
      ServingApi api =
          ServingApi.start(
              port,
              List.of(new KappaServing(store)),
              () ->
                  Map.of(
                      "kappa",
                      KappaStatus.of(
                          store,
                          KappaPipeline.versions(workspace),
                          lag.get(),
                          pipeline.served().watermark().orElse(null))),
              references);
      workspace.writeApiAddress(api.address());
      return new KappaProcess(workspace, store, pipeline, api, lag, bootstrapServers, topic);
    } catch (IOException e) {
      pipeline.close();
      store.close();
      throw new UncheckedIOException(
          "cannot start the API on port " + port + ": " + e.getMessage(), e);
    } catch (RuntimeException | TimeoutException e) {
      pipeline.close();
      store.close();
      throw e;
    }
  }

  public KappaPipeline pipeline() {
    return pipeline;
  }

  public String apiAddress() {
    return api.address();
  }

  /**
   * One step: the lag measured, the catch-up bar moved, and the switch made if a reprocess has
   * caught up. Returns the finished reprocess, if this step finished one.
   */
  public Optional<KappaPipeline.Reprocess> tick() {
    Optional<KappaPipeline.Reprocess> switched = pipeline.switchIfCaughtUp();
    Optional<Map<Integer, Long>> latest = latestOffsets.read();
    lag.set(latest.map(offsets -> pipeline.served().lag(offsets)).orElse(null));
    latest.ifPresent(offsets -> showCatchUp(pipeline.pending().orElse(pipeline.served()), offsets));
    return switched;
  }

  /** Whether a progress bar is on the terminal (status lines would tear it). */
  public boolean catchingUp() {
    return catchUp != null;
  }

  private void showCatchUp(StreamingViewQuery replaying, Map<Integer, Long> latest) {
    long behind = replaying.lag(latest);
    long done = sum(replaying.committedOffsets());
    if (catchUp != null && (behind == 0 || catchUpVersion != replaying.generation())) {
      catchUp.close();
      catchUp = null;
    }
    if (catchUp == null && behind >= Progress.THRESHOLD) {
      catchUpVersion = replaying.generation();
      catchUp =
          Progress.of(
              KappaServing.tableName(replaying.generation()) + " replay", done + behind, true);
    }
    if (catchUp != null) {
      catchUp.maxHint(done + behind);
      catchUp.accept(done);
    }
  }

  /** What version {@code version}'s micro-batches did, summed. */
  public StreamingViewSummary summary(long version) {
    return StreamingViewSummary.of(store, KappaServing.VIEW, version);
  }

  /** A one-line summary for the terminal. */
  public String statusLine() {
    StreamingViewQuery served = pipeline.served();
    StreamingViewSummary stream = summary(served.generation());
    LogicConfig logic = pipeline.logicOf(served.generation());
    return String.format(
        "kappa: serving %s (window %s, watermark %s) | lag %s, %s | %d batches, latency p50 %s p99 %s | quarantined %,d, late %,d, duplicates %,d%s | %s",
        KappaServing.tableName(served.generation()),
        Durations.format(logic.window()),
        Durations.format(logic.watermarkDelay()),
        lag.get() == null ? "?" : String.format("%,d", lag.get()),
        rate(served),
        stream.microBatches(),
        millis(stream.latencyP50Millis()),
        millis(stream.latencyP99Millis()),
        stream.quarantined(),
        stream.droppedLate(),
        stream.duplicates(),
        pipeline
            .pending()
            .map(
                pending ->
                    String.format(
                        " | %s replaying: %s",
                        KappaServing.tableName(pending.generation()), rate(pending)))
            .orElse(""),
        api.address());
  }

  /** Prints what a finished reprocess measured. */
  public static void print(KappaPipeline.Reprocess reprocess, PrintWriter out) {
    out.printf(
        "switched: %s → %s; replayed %,d records in %.1f s (%,.0f events/s)%n",
        KappaServing.tableName(reprocess.fromVersion()),
        KappaServing.tableName(reprocess.toVersion()),
        reprocess.recordsReplayed(),
        reprocess.replayTime().toMillis() / 1000.0,
        reprocess.eventsPerSecond());
    out.printf(
        "while both versions existed, %s added %,d view rows (≈ %s) and a %s checkpoint; %s is dropped%n",
        KappaServing.tableName(reprocess.toVersion()),
        reprocess.extraViewRows(),
        bytes(reprocess.extraViewBytes()),
        bytes(reprocess.extraCheckpointBytes()),
        KappaServing.tableName(reprocess.fromVersion()));
  }

  private static String rate(StreamingViewQuery query) {
    StreamingQueryProgress progress = query.query().lastProgress();
    return progress == null
        ? "starting"
        : String.format("%,.0f events/s", progress.processedRowsPerSecond());
  }

  private static String millis(Double value) {
    return value == null ? "-" : String.format("%.0f ms", value);
  }

  public static String bytes(long bytes) {
    return bytes < 1 << 20
        ? String.format("%.1f KiB", bytes / 1024.0)
        : String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }

  private static long sum(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits for a bounded run (AvailableNow) of the served version to finish and be recorded. */
  public void awaitBoundedRun(Duration tick) throws Exception {
    StreamingViewQuery served = pipeline.served();
    while (!served.query().awaitTermination(tick.toMillis())) {
      tick();
    }
    tick();
  }

  @Override
  public void close() {
    try {
      if (catchUp != null) {
        catchUp.close();
      }
      pipeline.close();
    } finally {
      api.close();
      workspace.removeApiAddress();
      store.close();
    }
  }
}
