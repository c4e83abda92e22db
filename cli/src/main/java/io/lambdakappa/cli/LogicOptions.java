package io.lambdakappa.cli;

import io.lambdakappa.logic.LogicConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --window} and {@code --watermark}: the event-time knobs of the shared logic. */
final class LogicOptions {

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

  LogicConfig config() {
    return LogicConfig.defaults().withWindow(window).withWatermarkDelay(watermark);
  }
}
