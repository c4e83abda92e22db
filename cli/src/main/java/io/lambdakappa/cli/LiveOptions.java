package io.lambdakappa.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --port} and {@code --for}: the options of the long-running commands that serve the API.
 */
final class LiveOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  int port;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "Port of the serving API on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE}).")
  void setPort(int value) {
    port = Ranges.check(command, "--port", value, 0, Ranges.MAX_PORT);
  }

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop by itself after this long (default: run until Ctrl-C).")
  Duration runFor;
}
