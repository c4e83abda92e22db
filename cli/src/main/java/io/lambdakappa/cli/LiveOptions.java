package io.lambdakappa.cli;

import io.lambdakappa.live.LiveOracle;
import io.lambdakappa.serving.ReferenceServing;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --port}, {@code --for} and {@code --no-oracle}: the options of the long-running commands
 * that serve the API and its classroom page.
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

  @Option(
      names = "--no-oracle",
      description =
          "Serve no live oracle beside the architecture (the classroom page at /live then shows "
              + "the architecture alone). The oracle holds every record of the topic in memory (DuckDB): "
              + "about 0.8 KB a record.")
  boolean noOracle;

  /**
   * The live oracle on {@code topic} with windows of {@code window}, for the API to serve beside
   * the architecture; null with {@code --no-oracle} (try-with-resources closes what is not null).
   */
  LiveOracle startOracle(String bootstrapServers, String topic, Duration window) {
    return noOracle ? null : LiveOracle.start(bootstrapServers, topic, window);
  }

  /** What the API serves beside the architecture: the oracle, if there is one. */
  static List<ReferenceServing> references(LiveOracle oracle) {
    return oracle == null ? List.of() : List.of(oracle);
  }
}
