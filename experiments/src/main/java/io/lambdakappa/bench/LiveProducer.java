package io.lambdakappa.bench;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.FanOutSink;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ChildJvm;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.JsonLinesFileSink;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The live traffic of a latency phase, from a process of its own as in production: a producer in
 * the measured JVM would share its cores and its garbage collector with the query it measures.
 * Publishes the workload's live records (event time "now") to the topic at a fixed rate, and the
 * same records to JSON-lines files for the oracle that checks the phase's output.
 */
public final class LiveProducer {

  private LiveProducer() {}

  /**
   * Starts a producer of {@code rate × length} live records of {@code workload} in a JVM of its
   * own; {@code files} gets the records, {@code output} what the process prints.
   */
  public static ChildJvm start(
      Workload workload, String bootstrapServers, String topic, Path files, Path output) {
    Duration length = workload.liveWarmup().plus(workload.liveFor());
    long records = (long) (workload.liveRate() * length.toSeconds());
    return ChildJvm.start(
        output,
        "512m",
        List.of(),
        LiveProducer.class.getName(),
        List.of(
            bootstrapServers,
            topic,
            files.toString(),
            Long.toString(workload.events()),
            Long.toString(workload.span().toMillis()),
            Long.toString(records),
            Long.toString(length.toMillis()),
            Double.toString(workload.liveRate())));
  }

  /**
   * {@code BOOTSTRAP TOPIC FILES HISTORY_EVENTS HISTORY_SPAN_MS RECORDS LENGTH_MS RATE}: the live
   * records that follow the workload's history, from now on.
   */
  public static void main(String[] args) {
    Workload shape =
        new Workload(
            "live",
            Long.parseLong(args[3]),
            Duration.ofMillis(Long.parseLong(args[4])),
            0,
            1,
            0,
            Duration.ZERO,
            Duration.ZERO,
            0,
            1,
            Duration.ZERO,
            Duration.ZERO);
    long records = Long.parseLong(args[5]);
    GeneratorOptions live =
        shape.history().live(records, Instant.now(), Duration.ofMillis(Long.parseLong(args[6])));
    // The writer closes the sink, which flushes the producer.
    FanOutSink sink =
        new FanOutSink(
            List.of(new JsonLinesFileSink(Path.of(args[2])), new KafkaEventSink(args[0], args[1])));
    try (Progress progress = Progress.of("live", records, true)) {
      DatasetWriter.write(new EventGenerator(live), sink, Double.parseDouble(args[7]), progress);
    }
    System.out.println("published " + records + " records");
  }
}
