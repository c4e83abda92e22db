package io.lambdakappa.lambda;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.StreamingViewSummary;
import java.time.Instant;
import java.util.List;

/**
 * What {@code /api/v1/status} says of Lambda: the served generation, the published batch views with
 * their accounting, and the served realtime view's record counts and latency.
 *
 * @param lag records in the topic the served realtime view has not committed yet, or null if
 *     unknown
 * @param watermark the served speed generation's event-time watermark, or null if it has none yet
 */
public record LambdaStatus(
    long servedGeneration,
    List<BatchViewManifest> batchViews,
    StreamingViewSummary realtime,
    Long lag,
    Instant watermark) {

  public static LambdaStatus of(
      ViewStore store, BatchViewCatalog catalog, Long lag, Instant watermark) {
    long generation = new LambdaServing(store, catalog).servedGeneration();
    return new LambdaStatus(
        generation,
        catalog.published(),
        StreamingViewSummary.of(store, SpeedLayer.REALTIME_VIEW, generation),
        lag,
        watermark);
  }
}
