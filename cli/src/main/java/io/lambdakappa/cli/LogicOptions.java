package io.lambdakappa.cli;

import io.lambdakappa.logic.LogicConfig;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --window} and {@code --watermark}: the event-time knobs of the shared logic. */
final class LogicOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "Tumbling window size (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--watermark",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "How late an event may be and still count in a stream (default: ${DEFAULT-VALUE}).")
  Duration watermark;

  /** The logic with these options, defaults included. */
  LogicConfig config() {
    return LogicConfig.defaults().withWindow(window).withWatermarkDelay(watermark);
  }

  /** {@code base} with only the options the user gave on the command line applied. */
  LogicConfig over(LogicConfig base) {
    LogicConfig config = base;
    if (given("--window")) {
      config = config.withWindow(window);
    }
    if (given("--watermark")) {
      config = config.withWatermarkDelay(watermark);
    }
    return config;
  }

  private boolean given(String option) {
    return command.commandLine().getParseResult().hasMatchedOption(option);
  }
}
