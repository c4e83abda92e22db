package io.lambdakappa.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lk experiment}: the experiments of the Lambda/Kappa debate, one subcommand each. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "The arguments that decide between Lambda and Kappa, each as an experiment with one",
      "headline number, a chart and a report (docs/experiments.md)."
    },
    subcommands = {
      BadDeployCommand.class,
      ExactlyOnceCommand.class,
      RetentionCliffCommand.class,
      MergeBoundaryCommand.class
    })
final class ExperimentCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
