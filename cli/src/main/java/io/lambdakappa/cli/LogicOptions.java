package io.lambdakappa.cli;

import io.lambdakappa.logic.LogicConfig;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --window}, {@code --watermark} and {@code --max-time-ahead}: the event-time knobs of the
 * shared logic.
 */
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

  @Option(
      names = "--max-time-ahead",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = {
        "How far an event's time may be ahead of its arrival in the topic before it is",
        "quarantined as EVENT_TIME_AHEAD (a wrong producer clock) (default: ${DEFAULT-VALUE})."
      })
  Duration maxTimeAhead;

  /** The logic with these options, defaults included. */
  LogicConfig config() {
    return LogicConfig.defaults()
        .withWindow(window)
        .withWatermarkDelay(watermark)
        .withMaxTimeAhead(maxTimeAhead);
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
    if (given("--max-time-ahead")) {
      config = config.withMaxTimeAhead(maxTimeAhead);
    }
    return config;
  }

  private boolean given(String option) {
    return command.commandLine().getParseResult().hasMatchedOption(option);
  }
}
