package io.lambdakappa.cli;

import picocli.CommandLine.Option;

/**
 * The options of Kappa's streaming query that are not business logic.
 *
 * <p>Why the replay is one micro-batch by default: Spark's watermark is the largest event time seen
 * in any partition, minus the delay. A limit per micro-batch is split across partitions by offsets,
 * and offsets are not event time: one partition reaches 00:30 while another is at 00:20, the
 * watermark follows the first, and the second's events arrive behind it and are dropped. Live,
 * every partition is read up to now, so they stay aligned. (Flink tracks a watermark per partition
 * and takes the minimum, which avoids this.)
 */
final class KappaOptions {

  @Option(
      names = "--max-batch-records",
      paramLabel = "N",
      defaultValue = "0",
      description = {
        "The most records one micro-batch reads while catching up, 0 for no limit: the history",
        "is then one micro-batch (default: ${DEFAULT-VALUE}). A limit bounds memory but costs",
        "events: Spark splits it across partitions by offsets, partitions drift apart in event",
        "time, and the one behind falls behind the (global) watermark and is dropped as late."
      })
  long maxBatchRecords;
}
