package io.lambdakappa.cli;

import io.lambdakappa.logic.LogicConfig;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --window}, {@code --watermark}, {@code --max-time-ahead} and {@code --max-value}: the
 * knobs of the shared logic.
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
      description =
          "How far an event's time may be ahead of its arrival in the topic before it is "
              + "quarantined as EVENT_TIME_AHEAD (a wrong producer clock) (default: ${DEFAULT-VALUE}).")
  Duration maxTimeAhead;

  @Option(
      names = "--max-value",
      paramLabel = "NUMBER",
      defaultValue = "1e12",
      description =
          "The largest accepted value; a larger one is quarantined as VALUE_OVERFLOW "
              + "(default: ${DEFAULT-VALUE}).")
  void maxValue(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ParameterException(
          command.commandLine(), "--max-value must be a positive number, got " + value);
    }
    maxValue = value;
  }

  double maxValue;

  /** The logic with these options, defaults included. */
  LogicConfig config() {
    return LogicConfig.defaults()
        .withWindow(window)
        .withWatermarkDelay(watermark)
        .withMaxTimeAhead(maxTimeAhead)
        .withMaxValue(maxValue);
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
    if (given("--max-value")) {
      config = config.withMaxValue(maxValue);
    }
    return config;
  }

  private boolean given(String option) {
    return command.commandLine().getParseResult().hasMatchedOption(option);
  }
}
