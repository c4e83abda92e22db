package io.lambdakappa.compare;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSpec;
import io.lambdakappa.streaming.StreamingViewSummary;
import io.lambdakappa.streaming.StreamingViews;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * What a watermark costs and buys: Kappa replays of the same log, one per delay, measured and
 * thrown away.
 *
 * <p>The replay reads the log in micro-batches of a fixed number of records, as a live stream would
 * receive it. That matters: Spark moves the watermark once per micro-batch, so a replay in one
 * batch would see every event before the watermark moves and drop nothing, whatever the delay. In
 * steps, an event is dropped when it arrives more than the delay behind the latest event time of
 * the steps before it, as it would be live.
 */
final class WatermarkSweep {

  static final String VIEW = "kappa_sweep";

  private final StreamingViews views;
  private final ViewStore store;
  private final DataPath checkpoints;
  private final LogicConfig logic;
  private final long batchRecords;
  private int generation;

  WatermarkSweep(
      StreamingViews views,
      ViewStore store,
      DataPath checkpoints,
      LogicConfig logic,
      long batchRecords) {
    this.views = views;
    this.store = store;
    this.checkpoints = checkpoints;
    this.logic = logic;
    this.batchRecords = batchRecords;
  }

  /** One replay of the whole log ({@code records} long) with {@code delay}. */
  CompareResults.SweepPoint replay(Duration delay, long records, long uniqueEvents)
      throws Exception {
    generation++;
    StreamingViewSpec spec =
        new StreamingViewSpec(
            VIEW,
            generation,
            new EventPipeline(logic.withWatermarkDelay(delay)),
            Map.of(),
            checkpoints.resolve("w" + generation),
            Trigger.AvailableNow(),
            batchRecords);
    long start = System.nanoTime();
    StreamingViewQuery query = views.start(spec);
    ReplayProgress.await(query, "sweep " + Charts.format(delay), records);
    double seconds = (System.nanoTime() - start) / 1e9;
    StreamingViewSummary summary = StreamingViewSummary.of(store, VIEW, generation);
    double[] batchMillis =
        store.microBatches(VIEW, generation).stream()
            .filter(batch -> batch.inputRows() > 0)
            .mapToDouble(MicroBatchStats::processingMillis)
            .toArray();
    long stateRows = 0;
    long stateBytes = 0;
    for (StreamingQueryProgress progress : query.query().recentProgress()) {
      StateOperatorProgress[] operators = progress.stateOperators();
      stateRows =
          Math.max(stateRows, Arrays.stream(operators).mapToLong(o -> o.numRowsTotal()).sum());
      stateBytes =
          Math.max(stateBytes, Arrays.stream(operators).mapToLong(o -> o.memoryUsedBytes()).sum());
    }
    views.drop(query);
    return new CompareResults.SweepPoint(
        delay,
        summary.droppedLate(),
        stateRows,
        stateBytes,
        seconds,
        100.0 * summary.droppedLate() / Math.max(1, uniqueEvents),
        batchMillis.length,
        StreamingViewSummary.median(batchMillis),
        logic.window().plus(delay));
  }
}
