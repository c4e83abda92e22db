package io.lambdakappa.streaming;

import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawSources;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A Kafka topic as a {@link StreamSource}: Spark's Kafka source, from given offsets on. */
public record KafkaStreamSource(String bootstrapServers, String topic) implements StreamSource {

  @Override
  public String name() {
    return topic;
  }

  @Override
  public Dataset<Row> open(
      SparkSession spark, Map<Integer, Long> startingOffsets, long maxRecordsPerBatch) {
    String starting =
        startingOffsets.isEmpty() ? "earliest" : KafkaOffsets.sparkJson(topic, startingOffsets);
    return RawSources.kafkaStream(spark, bootstrapServers, topic, starting, maxRecordsPerBatch);
  }

  @Override
  public Map<Integer, Long> offsets(String sparkOffset) {
    return KafkaOffsets.fromSparkJson(topic, sparkOffset);
  }

  @Override
  public Map<Integer, Long> latest() {
    return KafkaOffsets.latest(bootstrapServers, topic);
  }
}
