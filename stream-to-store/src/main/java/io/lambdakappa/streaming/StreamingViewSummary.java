package io.lambdakappa.streaming;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One generation of a streaming view, summed over its recorded micro-batches: what the status
 * endpoint and the terminal report for Lambda's realtime view and for each Kappa version. The
 * latency figures are quantiles over all events of the last {@link #RECENT} batches ({@link
 * io.lambdakappa.streaming.EventLatency}), so they describe the view as it runs now rather than its
 * catch-up.
 *
 * @param committedOffsets how far in the topic the generation is committed, per partition
 * @param accountingBalances whether every recorded micro-batch accounts for all its records ({@code
 *     read = valid + quarantined}, {@code valid = counted + duplicates + late}, each counted)
 */
public record StreamingViewSummary(
    String view,
    long generation,
    long microBatches,
    long inputRows,
    long quarantined,
    long duplicates,
    long droppedLate,
    Instant lastCommit,
    Double latencyP50Millis,
    Double latencyP95Millis,
    Double latencyP99Millis,
    Map<Integer, Long> committedOffsets,
    boolean accountingBalances) {

  static final int RECENT = 20;

  public static StreamingViewSummary of(MicroBatchLedger ledger, String view, long generation) {
    List<MicroBatchStats> batches = ledger.microBatches(view, generation);
    List<MicroBatchStats> recent =
        batches.subList(Math.max(0, batches.size() - RECENT), batches.size());
    return new StreamingViewSummary(
        view,
        generation,
        batches.size(),
        batches.stream().mapToLong(MicroBatchStats::inputRows).sum(),
        batches.stream().mapToLong(MicroBatchStats::quarantined).sum(),
        batches.stream().mapToLong(MicroBatchStats::duplicates).sum(),
        batches.stream().mapToLong(MicroBatchStats::droppedLate).sum(),
        batches.isEmpty() ? null : batches.get(batches.size() - 1).committedAt(),
        known(MicroBatchStats.latencyOf(recent).p50Millis()),
        known(MicroBatchStats.latencyOf(recent).p95Millis()),
        known(MicroBatchStats.latencyOf(recent).p99Millis()),
        batches.stream()
            .map(MicroBatchStats::endOffsets)
            .filter(offsets -> !offsets.isEmpty())
            .reduce((first, second) -> second)
            .orElse(Map.of()),
        batches.stream().allMatch(MicroBatchStats::balances));
  }

  private static Double known(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** The median of the numbers that are not NaN, or null if there are none. */
  public static Double median(double[] values) {
    double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (known.length == 0) {
      return null;
    }
    int middle = known.length / 2;
    return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
  }
}
