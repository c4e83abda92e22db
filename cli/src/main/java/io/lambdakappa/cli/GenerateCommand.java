package io.lambdakappa.cli;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.generate.TruthSummary;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.Durations;
import io.lambdakappa.runtime.GeneratedTopics;
import io.lambdakappa.runtime.Progress;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lk generate}: a deterministic synthetic dataset, to files and/or the events topic. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generates a deterministic click-stream: the same seed and options give byte-identical output.",
      "Writes JSON-lines part files and a truth.json summary, and/or publishes to the events topic."
    })
final class GenerateCommand implements Callable<Integer> {

  private static final GeneratorOptions DEFAULTS = GeneratorOptions.defaults();

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin DestinationOptions destinationOptions;
  @Mixin DataShapeOptions shape;

  Long events;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Records to generate (default: 100000, or rate × duration).")
  void setEvents(long value) {
    events = Ranges.atLeast(spec, "--events", value, 1L);
  }

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "With --rate: generate rate × duration records spread over this event-time span.")
  Duration duration;

  Double rate;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      description =
          "Publish at this many records per second, like a live stream (default: as fast as possible).")
  void setRate(double value) {
    rate = Ranges.positive(spec, "--rate", value);
  }

  @Option(
      names = "--start",
      paramLabel = "ISO_TIME",
      defaultValue = "2026-01-01T00:00:00Z",
      description = "Event time of the first record (default: ${DEFAULT-VALUE}).")
  Instant start;

  @Option(
      names = "--span",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "Event-time span of the dataset (default: ${DEFAULT-VALUE}).")
  Duration span;

  @Override
  public Integer call() {
    GeneratorOptions options = options();
    Workspace workspace = workspaceOption.workspace();
    long began = System.nanoTime();
    TruthSummary truth;
    DestinationOptions.Opened destination = destinationOptions.open(workspace);
    try (destination;
        Progress progress = Progress.of("generate", options.records(), rate != null)) {
      truth =
          DatasetWriter.write(
              new EventGenerator(options), destination.sink(), rate == null ? 0 : rate, progress);
      if (destination.staging() != null) {
        DatasetWriter.writeTruth(truth, destination.staging().resolve(DatasetWriter.TRUTH_FILE));
      }
      destination.commit();
    }
    if (destinationOptions.toKafka()) {
      GeneratedTopics.remember(workspace, destinationOptions.kafkaOption.topic);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "generated %,d records in %.1f s (%,.0f records/s)%n",
        truth.records(), seconds, truth.records() / Math.max(seconds, 1e-9));
    out.printf(
        "  %,d on-time events, %,d late (by %s), %,d duplicates, %,d malformed%n",
        truth.onTimeEvents(),
        truth.lateEvents(),
        Durations.format(options.lateBy()),
        truth.duplicates(),
        truth.malformedTotal());
    destination.describe(out);
    return 0;
  }

  private GeneratorOptions options() {
    long records;
    Duration eventSpan = span;
    if (duration != null) {
      if (rate == null || events != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--duration needs --rate (records = rate × duration) and no --events");
      }
      records = (long) (rate * duration.toMillis() / 1000.0);
      eventSpan = duration;
    } else {
      records = events != null ? events : DEFAULTS.records();
    }
    try {
      return shape.options(records, start, eventSpan);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "invalid generator options: " + e.getMessage());
    }
  }
}
