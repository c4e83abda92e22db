package io.lambdakappa.cli;

import io.lambdakappa.exactlyonce.ExactlyOnce;
import io.lambdakappa.exactlyonce.ExactlyOnceReport;
import io.lambdakappa.exactlyonce.ExactlyOnceResults;
import io.lambdakappa.harness.ArchitectureHarness;
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
 * {@code lk experiment exactly-once}: kill -9 a stream writing two sinks, count what each doubles.
 */
@Command(
    name = "exactly-once",
    mixinStandardHelpOptions = true,
    description = {
      "Replays one topic into two sinks in one worker process, kills the worker with SIGKILL at",
      "seeded random moments and restarts it, then judges both against the oracle: Kappa's",
      "idempotent upsert (exact) and a naive append (which writes again what a kill interrupted).",
      "Writes report.html, report.md and results.json under <workdir>/reports/<run-id>-exactly-once/."
    })
final class ExactlyOnceCommand implements Callable<Integer>, DebateExperiment<ExactlyOnceResults> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin GeneratedDataOptions data;

  int kills;

  @Option(
      names = "--kills",
      paramLabel = "N",
      defaultValue = "6",
      description =
          "Times to kill the worker; fewer land if it catches up first (default: ${DEFAULT-VALUE}).")
  void setKills(int value) {
    kills = Ranges.atLeast(spec, "--kills", value, 0);
  }

  long batchRecords;

  @Option(
      names = "--batch-records",
      paramLabel = "N",
      defaultValue = "5000",
      description = "Records per micro-batch, for both sinks (default: ${DEFAULT-VALUE}).")
  void setBatchRecords(long value) {
    batchRecords = Ranges.atLeast(spec, "--batch-records", value, 1);
  }

  @Option(
      names = "--shortest-pause",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Least time the worker runs after its first commit before a kill (default: ${DEFAULT-VALUE}).")
  Duration shortestPause;

  @Option(
      names = "--longest-pause",
      paramLabel = "DURATION",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description =
          "Most time the worker runs after its first commit before a kill (default: ${DEFAULT-VALUE}).")
  Duration longestPause;

  @Override
  public Integer call() throws Exception {
    if (data.events < 1) {
      throw new ParameterException(
          spec.commandLine(), "--events must be at least 1, got " + data.events);
    }
    if (longestPause.compareTo(shortestPause) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--longest-pause ("
              + longestPause
              + ") must not be shorter than --shortest-pause ("
              + shortestPause
              + ")");
    }
    return DebateExperiment.runAsCommand(
        this,
        spec,
        workspaceOption,
        kafkaOption,
        sparkOption,
        "lk experiment exactly-once: the idempotent sink is not exact, or the naive sink's"
            + " error is not what it wrote twice (see the report)");
  }

  /**
   * The workdir's embedded store: the worker process it kills opens that store itself (this command
   * has no {@code --store}).
   */
  @Override
  public StoreLocation store(String runId) {
    return StoreLocation.embedded();
  }

  @Override
  public ExactlyOnceResults run(ArchitectureHarness harness, String runId, PrintWriter out)
      throws Exception {
    ExactlyOnce.Options options =
        new ExactlyOnce.Options(
            data.options(Instant.now()),
            kills,
            shortestPause,
            longestPause,
            batchRecords,
            kafkaOption.partitions);
    return new ExactlyOnce(harness, options, out).run(runId);
  }

  @Override
  public void report(ExactlyOnceResults results, Path folder) {
    ExactlyOnceReport.write(results, folder);
  }
}
