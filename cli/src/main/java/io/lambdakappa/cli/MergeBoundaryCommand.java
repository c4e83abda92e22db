package io.lambdakappa.cli;

import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.mergeboundary.MergeBoundary;
import io.lambdakappa.mergeboundary.MergeBoundaryReport;
import io.lambdakappa.mergeboundary.MergeBoundaryResults;
import io.lambdakappa.serving.StoreLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lk experiment merge-boundary}: Lambda's offset split against a time split, measured. */
@Command(
    name = "merge-boundary",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lambda on one continuous stream across several batch switches and, after each slice,",
      "answers three ways from the same stored views: Lambda's offset split with its horizon",
      "seam, the same split without the seam, and a time split at the batch's last window; each",
      "judged against the oracle. Writes report.html, report.md and results.json under",
      "<workdir>/reports/<run-id>-merge-boundary/."
    })
final class MergeBoundaryCommand
    implements Callable<Integer>, DebateExperiment<MergeBoundaryResults> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin GeneratedDataOptions data;

  int batchSwitches;

  @Option(
      names = "--batch-switches",
      paramLabel = "N",
      defaultValue = "3",
      description = "Batch runs after the first, each a switch (default: ${DEFAULT-VALUE}).")
  void setBatchSwitches(int value) {
    batchSwitches = Ranges.atLeast(spec, "--batch-switches", value, 1);
  }

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
        "lk experiment merge-boundary: Lambda's merge is not exact at every point (see the"
            + " report)");
  }

  @Override
  public StoreLocation store(String runId) {
    return storeOption.location.inSchema("merge_" + runId.replace('-', '_'));
  }

  @Override
  public MergeBoundaryResults run(ArchitectureHarness harness, String runId, PrintWriter out)
      throws Exception {
    MergeBoundary.Options options =
        new MergeBoundary.Options(
            data.options(Instant.now()), batchSwitches, kafkaOption.partitions);
    return new MergeBoundary(harness, options, out).run(runId);
  }

  @Override
  public void report(MergeBoundaryResults results, Path folder) {
    MergeBoundaryReport.write(results, folder);
  }
}
