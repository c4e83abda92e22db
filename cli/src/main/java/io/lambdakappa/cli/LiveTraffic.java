package io.lambdakappa.cli;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.GeneratedTopics;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
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
 *
 * <p>Synthetic events must never pollute real data. Without {@code --rate}, the generator runs only
 * into a topic that is empty or that lk generated ({@link GeneratedTopics}); a topic holding
 * imported or foreign records gets none, and the command says so. {@code --rate N} always runs it.
 */
final class LiveTraffic {

  /** The rate when nothing is said and the topic is lk's own. */
  static final double DEFAULT_RATE = 1000;

  Double rate;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      description =
          "Records per second the generator publishes, 0 for none (default: 1000 into an empty "
              + "topic or one lk generated; none into a topic holding other data).")
  void setRate(double value) {
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) { // NaN fails too
      throw new ParameterException(command.commandLine(), "--rate must be >= 0, got " + value);
    }
    rate = value;
  }

  @Mixin DataShapeOptions shape;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * Starts publishing to {@code topic}, says so (or why not) on {@code out}; returns the running
   * thread, or null.
   */
  Thread start(Workspace workspace, String bootstrapServers, String topic, PrintWriter out) {
    double perSecond;
    if (rate != null) {
      perSecond = rate;
    } else if (GeneratedTopics.isOurs(workspace, bootstrapServers, topic)) {
      perSecond = DEFAULT_RATE;
    } else {
      out.printf(
          "no synthetic traffic: topic %s holds records lk did not generate (--rate N adds"
              + " some anyway)%n",
          topic);
      return null;
    }
    if (perSecond == 0) {
      return null;
    }
    GeneratedTopics.remember(workspace, topic);
    out.printf(
        "generating %,.0f synthetic events/s into topic %s (--rate 0 for none)%n",
        perSecond, topic);
    return start(bootstrapServers, topic, perSecond);
  }

  private Thread start(String bootstrapServers, String topic, double rate) {
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
