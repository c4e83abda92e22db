package io.lambdakappa.cli;

import io.lambdakappa.generate.GeneratorOptions;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The generated data of an experiment of the debate: how many records, over what span of event time
 * ending now, and their shape ({@link DataShapeOptions}).
 */
final class GeneratedDataOptions {

  @Mixin DataShapeOptions shape;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  long events;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "200000",
      description = "Records to generate, in all (default: ${DEFAULT-VALUE}).")
  void setEvents(long value) {
    events = Ranges.atLeast(command, "--events", value, 1L);
  }

  @Option(
      names = "--span",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "Event-time span of the records, ending now (default: ${DEFAULT-VALUE}).")
  Duration span;

  /** The generator's options for records ending at {@code now}. */
  GeneratorOptions options(Instant now) {
    return shape.options(events, now.minus(span), span);
  }
}
