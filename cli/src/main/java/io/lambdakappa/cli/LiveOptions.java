package io.lambdakappa.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --port} and {@code --for}: the options of the long-running commands that serve the API.
 */
final class LiveOptions {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "Port of the serving API on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop by itself after this long (default: run until Ctrl-C).")
  Duration runFor;
}
