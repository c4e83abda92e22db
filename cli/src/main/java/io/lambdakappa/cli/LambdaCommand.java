package io.lambdakappa.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lk lambda}: the Lambda architecture's commands. */
@Command(
    name = "lambda",
    mixinStandardHelpOptions = true,
    description = "Lambda: a batch layer, a speed layer and a serving layer that merges them.",
    subcommands = {LambdaRunCommand.class, LambdaBatchCommand.class, LambdaSpeedCommand.class})
final class LambdaCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
