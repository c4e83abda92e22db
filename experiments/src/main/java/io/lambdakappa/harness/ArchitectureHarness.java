package io.lambdakappa.harness;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.EventSink;
import io.lambdakappa.generate.FanOutSink;
import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.JsonLinesFileSink;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Progress;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.KafkaStreamSource;
import io.lambdakappa.streaming.StreamingViews;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * How the experiments start both architectures, written once for {@code lk compare} and {@code lk
 * bench}: one Spark session, one workspace, one topic and one view store, with Lambda as {@link
 * LambdaPipeline} and Kappa as {@link KappaPipeline} on that topic, built exactly as {@code lk
 * lambda run} and {@code lk kappa run} build them.
 */
public record ArchitectureHarness(
    SparkSession spark,
    Workspace workspace,
    StoreLocation storeLocation,
    String bootstrapServers,
    String topic) {

  /** Creates the topic if it is missing. */
  public void ensureTopic(int partitions) {
    KafkaTopics.ensureTopic(bootstrapServers, topic, partitions);
  }

  /** The view store both architectures write: the workspace's own, or a shared database's. */
  public ViewStore openStore() {
    return storeLocation.open(workspace);
  }

  /** Lambda on the topic, keeping {@code keepVersions} batch views; its speed layer runs live. */
  public LambdaPipeline lambda(ViewStore store, LogicConfig logic, int keepVersions) {
    return new LambdaPipeline(
        spark,
        new EventPipeline(logic),
        workspace,
        store,
        bootstrapServers,
        topic,
        keepVersions,
        Trigger.ProcessingTime(0));
  }

  /** Kappa on the topic, catching up in steps of at most {@code maxRecordsPerBatch} records. */
  public KappaPipeline kappa(ViewStore store, Trigger trigger, long maxRecordsPerBatch) {
    return KappaPipeline.of(
        spark, store, workspace, bootstrapServers, topic, trigger, maxRecordsPerBatch);
  }

  /**
   * Writes a generator's records to JSON-lines files in {@code files} (for the oracle) and to the
   * topic, at {@code rate} records a second (0: as fast as possible), with a progress bar; returns
   * how many records it wrote.
   */
  public long publish(EventGenerator generator, Path files, double rate, String task, long total) {
    return publish(generator, files, rate, task, total, new AtomicLong());
  }

  /**
   * {@link #publish}, counting in {@code sent} each record as it is handed to the topic's producer,
   * for another thread to read while it runs.
   */
  public long publish(
      EventGenerator generator, Path files, double rate, String task, long total, AtomicLong sent) {
    FanOutSink fanOut =
        new FanOutSink(
            List.of(new JsonLinesFileSink(files), new KafkaEventSink(bootstrapServers, topic)));
    EventSink counting =
        new EventSink() {
          @Override
          public void write(String json) {
            fanOut.write(json);
            sent.incrementAndGet();
          }

          @Override
          public void close() {
            fanOut.close();
          }
        };
    try (Progress progress = Progress.of(task, total, rate > 0)) {
      DatasetWriter.write(generator, counting, rate, progress);
    }
    return generator.truth().records();
  }

  /**
   * The next {@code records} of one continuous stream, to JSON-lines files in {@code folder} (for
   * the oracle) and to the topic: an experiment publishes one generator in slices, so duplicates
   * and late events straddle every step between them.
   */
  public void publishNext(EventGenerator stream, long records, Path folder) {
    try (FanOutSink sink =
        new FanOutSink(
            List.of(new JsonLinesFileSink(folder), new KafkaEventSink(bootstrapServers, topic)))) {
      for (long i = 0; i < records && stream.hasNext(); i++) {
        sink.write(stream.next().json());
      }
    }
  }

  /** Streaming views of the topic, for an experiment's own queries (the watermark sweep). */
  public StreamingViews streamingViews(ViewStore store) {
    return new StreamingViews(spark, new KafkaStreamSource(bootstrapServers, topic), store);
  }
}
