package io.lambdakappa.cli;

import io.lambdakappa.kappa.KappaPipeline;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of Kappa's streaming query that are not business logic.
 *
 * <p>Why the replay runs in steps, and what a step costs: the deduplication keeps every event's key
 * until the watermark passes it, and the watermark only moves between micro-batches. History in one
 * micro-batch keeps every key at once (10M events exhausted a 4 GB heap); in steps of 500k, the
 * state stays the size of a step. The price: Spark splits the step across partitions by offsets,
 * offsets are not event time, and Spark's watermark is global (the largest event time of any
 * partition, minus the delay). If one partition runs ahead in event time by more than the delay,
 * the other's events fall behind the watermark and are dropped as late. Partitions that hold the
 * same span of time evenly stay aligned; small steps over unevenly filled partitions do not. (Flink
 * tracks a watermark per partition and takes the minimum, which avoids this.)
 */
final class KappaOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  long maxBatchRecords;

  @Option(
      names = "--max-batch-records",
      paramLabel = "N",
      defaultValue = "" + KappaPipeline.DEFAULT_MAX_RECORDS_PER_BATCH,
      description =
          "The most records one micro-batch reads while catching up, 0 for no limit (the whole "
              + "history in one micro-batch: no step boundary for late events, but all its state in "
              + "memory at once) (default: ${DEFAULT-VALUE}).")
  void setMaxBatchRecords(long value) {
    maxBatchRecords = Ranges.check(command, "--max-batch-records", value, 0, Long.MAX_VALUE);
  }
}
