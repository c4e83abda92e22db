package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.FanOutSink;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.generate.TruthSummary;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.JsonLinesFileSink;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.testing.SharedKafka;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim the whole project rests on: the same function gives the same rows whether it reads the
 * events as a batch (files) or as a stream (the embedded Kafka broker), when no event is late.
 */
class BatchStreamEquivalenceIT {

  private static final String TOPIC = "equivalence";

  @TempDir Path temp;

  @Test
  void theSameFunctionGivesTheSameRowsOnABatchAndOnAStream() throws Exception {
    SparkSession spark = SharedSpark.get();
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, TOPIC, 2);
    GeneratorOptions d = GeneratorOptions.defaults();
    // Duplicates and bad records, but nothing late: lateness is where the two may differ.
    GeneratorOptions options =
        new GeneratorOptions(
            21,
            30_000,
            50,
            2_000,
            1.1,
            d.start(),
            Duration.ofMinutes(20),
            d.jitter(),
            0,
            d.lateBy(),
            0.02,
            0.01);
    Path files = temp.resolve("data");
    TruthSummary truth =
        DatasetWriter.write(
            new EventGenerator(options),
            new FanOutSink(
                List.of(new JsonLinesFileSink(files), new KafkaEventSink(bootstrap, TOPIC))),
            0,
            n -> {});
    EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());

    EventPipeline.Output batch = pipeline.apply(RawSources.jsonLinesFiles(spark, files));

    EventPipeline.Output stream =
        pipeline.apply(RawSources.kafkaStream(spark, bootstrap, TOPIC, "earliest", 0));
    StreamingQuery metricsQuery =
        stream
            .metrics()
            .writeStream()
            .format("memory")
            .queryName("equivalence_metrics")
            .outputMode("complete")
            .option("checkpointLocation", temp.resolve("cp-metrics").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    StreamingQuery quarantineQuery =
        stream
            .quarantined()
            .writeStream()
            .format("memory")
            .queryName("equivalence_quarantine")
            .outputMode("append")
            .option("checkpointLocation", temp.resolve("cp-quarantine").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    // A bounded run; a hung one fails the test instead of stalling the build.
    assertThat(metricsQuery.awaitTermination(120_000)).as("metrics query finished").isTrue();
    assertThat(quarantineQuery.awaitTermination(120_000)).as("quarantine query finished").isTrue();

    assertThat(comparable(spark.table("equivalence_metrics")))
        .isNotEmpty()
        .containsExactlyElementsOf(comparable(batch.metrics()));
    assertThat(spark.table("equivalence_quarantine").count())
        .isEqualTo(batch.quarantined().count())
        .isEqualTo(truth.malformedTotal());

    StreamAccounting accounting = StreamAccounting.ZERO;
    for (StreamingQueryProgress progress : metricsQuery.recentProgress()) {
      accounting = accounting.plus(StreamAccounting.of(progress));
    }
    assertThat(accounting)
        .isEqualTo(
            new StreamAccounting(truth.valid(), truth.uniqueEvents(), truth.duplicates(), 0));
  }

  /** Metric rows as sorted strings, with the sketch replaced by its estimate. */
  private static List<String> comparable(Dataset<Row> metrics) {
    return metrics
        .select(
            col(KEY),
            col(WINDOW_START),
            col(EVENTS),
            col(VALUE_SUM),
            col(VALUE_MIN),
            col(VALUE_MAX),
            WindowAggregation.distinctUsers().as("users"))
        .orderBy(KEY, WINDOW_START)
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static org.apache.spark.sql.Column col(String name) {
    return org.apache.spark.sql.functions.col(name);
  }
}
