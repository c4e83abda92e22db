package io.lambdakappa.cli;

import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.retention.RetentionCliff;
import io.lambdakappa.retention.RetentionCliffReport;
import io.lambdakappa.retention.RetentionCliffResults;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.serving.StoreLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lk experiment retention-cliff}: what each architecture can rebuild after Kafka deletes.
 */
@Command(
    name = "retention-cliff",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a history, lets Kafka's size retention delete the older part of the topic, then",
      "changes the logic (the window length) and reprocesses three ways: Lambda from its master",
      "dataset, Kappa by replaying the topic, Kappa+ by replaying an archive and then the topic.",
      "Judges each against the oracle over every record; writes report.html, report.md and",
      "results.json under <workdir>/reports/<run-id>-retention-cliff/."
    })
final class RetentionCliffCommand
    implements Callable<Integer>, DebateExperiment<RetentionCliffResults> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin GeneratedDataOptions data;

  double retainedFraction;

  @Option(
      names = "--retained-fraction",
      paramLabel = "F",
      defaultValue = "0.5",
      description =
          "The share of the smallest partition's bytes the topic's retention keeps in each (default: ${DEFAULT-VALUE}).")
  void setRetainedFraction(double value) {
    if (!(value > 0 && value < 1)) { // NaN fails too
      throw new ParameterException(
          spec.commandLine(),
          "--retained-fraction must be between 0 and 1 (exclusive), got " + value);
    }
    retainedFraction = value;
  }

  int segmentBytes;

  @Option(
      names = "--segment-bytes",
      paramLabel = "BYTES",
      defaultValue = "262144",
      description =
          "The topic's segment size: retention deletes whole segments (default: ${DEFAULT-VALUE}).")
  void setSegmentBytes(int value) {
    if (value < KafkaEventSink.BATCH_BYTES) {
      throw new ParameterException(
          spec.commandLine(),
          "--segment-bytes must be at least "
              + KafkaEventSink.BATCH_BYTES
              + " (the producer's batch size: Kafka refuses a batch larger than a segment), got "
              + value);
    }
    segmentBytes = value;
  }

  @Option(
      names = "--new-window",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "The logic change: the new window length (default: ${DEFAULT-VALUE}).")
  Duration newWindow;

  @Override
  public Integer call() throws Exception {
    if (data.events < 10) {
      throw new ParameterException(
          spec.commandLine(), "--events must be at least 10, got " + data.events);
    }
    return DebateExperiment.runAsCommand(
        this,
        spec,
        workspaceOption,
        kafkaOption,
        sparkOption,
        "lk experiment retention-cliff: Lambda or Kappa+ is not exact, or Kappa's loss is"
            + " not what the deleted segments held (see the report)");
  }

  @Override
  public StoreLocation store(String runId) {
    return storeOption.location.inSchema("cliff_" + runId.replace('-', '_'));
  }

  @Override
  public RetentionCliffResults run(ArchitectureHarness harness, String runId, PrintWriter out)
      throws Exception {
    RetentionCliff.Options options =
        new RetentionCliff.Options(
            data.options(Instant.now()),
            // After the cliff the log goes on, by a tenth of the history: little enough that
            // retention never reaches records the archivers have not seen yet (they would be
            // lost to every architecture, which is not this experiment's point).
            data.events / 10,
            retainedFraction,
            segmentBytes,
            newWindow,
            kafkaOption.partitions);
    return new RetentionCliff(harness, options, out).run(runId);
  }

  @Override
  public void report(RetentionCliffResults results, Path folder) {
    RetentionCliffReport.write(results, folder);
  }
}
