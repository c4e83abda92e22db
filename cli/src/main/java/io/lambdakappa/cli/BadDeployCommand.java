package io.lambdakappa.cli;

import io.lambdakappa.baddeploy.BadDeploy;
import io.lambdakappa.baddeploy.BadDeployReport;
import io.lambdakappa.baddeploy.BadDeployResults;
import io.lambdakappa.harness.ArchitectureHarness;
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

/** {@code lk experiment bad-deploy}: human error, a bad release and then the fix, measured. */
@Command(
    name = "bad-deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lambda and Kappa side by side on one continuous stream; midway a release with a bug",
      "(a cap on value in the wrong unit) goes live in both, the way each deploys new logic, and",
      "later the fix. Judges what each serves against the oracle at every step and about once a",
      "second during each deploy; writes report.html, report.md and results.json under",
      "<workdir>/reports/<run-id>-bad-deploy/."
    })
final class BadDeployCommand implements Callable<Integer>, DebateExperiment<BadDeployResults> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin GeneratedDataOptions data;

  double badMaxValue;

  @Option(
      names = "--bad-max-value",
      paramLabel = "NUMBER",
      defaultValue = "250",
      description =
          "The bad release's cap on value: larger values are quarantined until the fix "
              + "(default: ${DEFAULT-VALUE}; the generated values run from 0.01 to 500).")
  void setBadMaxValue(double value) {
    badMaxValue = Ranges.positive(spec, "--bad-max-value", value);
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
        "lk experiment bad-deploy: the run does not add up: Kappa did not serve exactly the bug or"
            + " the fix, or an architecture is not exact after its fix (see the report)");
  }

  @Override
  public StoreLocation store(String runId) {
    return storeOption.location.inSchema("deploy_" + runId.replace('-', '_'));
  }

  @Override
  public BadDeployResults run(ArchitectureHarness harness, String runId, PrintWriter out)
      throws Exception {
    BadDeploy.Options options =
        new BadDeploy.Options(data.options(Instant.now()), badMaxValue, kafkaOption.partitions);
    return new BadDeploy(harness, options, out).run(runId);
  }

  @Override
  public void report(BadDeployResults results, Path folder) {
    BadDeployReport.write(results, folder);
  }
}
