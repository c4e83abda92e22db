package io.lambdakappa.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lk kappa}: the Kappa architecture's commands. */
@Command(
    name = "kappa",
    mixinStandardHelpOptions = true,
    description =
        "Kappa: one streaming job over the whole log; reprocessing is a replay into a new version.",
    subcommands = {KappaRunCommand.class, KappaReprocessCommand.class})
final class KappaCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
