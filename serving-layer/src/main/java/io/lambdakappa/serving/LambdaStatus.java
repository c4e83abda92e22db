package io.lambdakappa.serving;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code /api/v1/status} says of Lambda: the served generation, the published batch views with
 * their accounting, and the realtime view's record counts and latency.
 *
 * @param lag records in the topic the served realtime view has not committed yet, or null if
 *     unknown
 */
public record LambdaStatus(
    long servedGeneration, List<BatchViewManifest> batchViews, Realtime realtime, Long lag) {

  /**
   * The served realtime view, summed over its micro-batches; the latency figures are the medians of
   * the per-batch p50 and p99 over the last 20 batches.
   */
  public record Realtime(
      long generation,
      long microBatches,
      long inputRows,
      long quarantined,
      long duplicates,
      long droppedLate,
      Instant lastCommit,
      Double latencyP50Millis,
      Double latencyP99Millis) {}

  public static LambdaStatus of(ViewStore store, BatchViewCatalog catalog, Long lag) {
    long generation = new LambdaServing(store, catalog).servedGeneration();
    List<MicroBatchStats> batches = store.microBatches(LambdaServing.REALTIME_VIEW, generation);
    List<MicroBatchStats> recent =
        batches.subList(Math.max(0, batches.size() - 20), batches.size());
    Realtime realtime =
        new Realtime(
            generation,
            batches.size(),
            batches.stream().mapToLong(MicroBatchStats::inputRows).sum(),
            batches.stream().mapToLong(MicroBatchStats::quarantined).sum(),
            batches.stream().mapToLong(MicroBatchStats::duplicates).sum(),
            batches.stream().mapToLong(MicroBatchStats::droppedLate).sum(),
            batches.isEmpty() ? null : batches.get(batches.size() - 1).committedAt(),
            median(recent.stream().mapToDouble(MicroBatchStats::latencyP50Millis).toArray()),
            median(recent.stream().mapToDouble(MicroBatchStats::latencyP99Millis).toArray()));
    return new LambdaStatus(generation, catalog.published(), realtime, lag);
  }

  /** The median of the numbers that are not NaN, or null if there are none. */
  static Double median(double[] values) {
    double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (known.length == 0) {
      return null;
    }
    int middle = known.length / 2;
    return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
  }
}
