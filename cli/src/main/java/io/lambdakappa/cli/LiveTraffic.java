package io.lambdakappa.cli;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.KafkaEventSink;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --rate} and the data shape of live traffic: the generator publishing events with event
 * time "now" to the topic from a background thread, for the commands that run an architecture live.
 */
final class LiveTraffic {

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "1000",
      description =
          "Records per second the generator publishes, 0 for none (default: ${DEFAULT-VALUE}).")
  double rate;

  @Mixin DataShapeOptions shape;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Starts publishing to {@code topic} at the rate; returns the running thread, or null. */
  Thread start(String bootstrapServers, String topic) {
    if (rate < 0) {
      throw new ParameterException(command.commandLine(), "--rate must be >= 0, got " + rate);
    }
    if (rate == 0) {
      return null;
    }
    long records = (long) (rate * Duration.ofDays(1).toSeconds());
    GeneratorOptions options =
        shape.options(records, Instant.now(), Duration.ofSeconds((long) (records / rate)));
    Thread thread =
        new Thread(
            () ->
                DatasetWriter.write(
                    new EventGenerator(options),
                    new KafkaEventSink(bootstrapServers, topic),
                    rate,
                    written -> {}),
            "lk-generator");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Stops the thread {@link #start} returned, waiting for its last records to be sent. */
  static void stop(Thread generator) throws InterruptedException {
    if (generator != null) {
      generator.interrupt();
      generator.join(10_000);
    }
  }
}
