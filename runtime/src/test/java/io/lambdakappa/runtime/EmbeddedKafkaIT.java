package io.lambdakappa.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @TempDir Path brokerDir;

  @Test
  void recordsPublishedToTheBrokerAreReadBackWithTheirOffsets() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerDir)) {
      KafkaTopics.ensureTopic(kafka.bootstrapServers(), "round-trip", 2);
      publish(kafka, "round-trip", 1_000);

      List<Row> records = readAll(kafka, "round-trip");

      assertThat(records).hasSize(1_000);
      assertThat(records)
          .extracting(row -> row.<String>getAs(EventSchema.RAW_VALUE))
          .contains("{\"n\":0}", "{\"n\":999}");
      assertThat(records)
          .extracting(row -> row.<String>getAs(EventSchema.SOURCE))
          .allMatch(source -> source.matches("round-trip/[01]@\\d+"));
    }
  }

  @Test
  void aRestartedBrokerKeepsItsClusterIdAndItsData() {
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerDir)) {
      KafkaTopics.ensureTopic(kafka.bootstrapServers(), "durable", 2);
      publish(kafka, "durable", 25);
      clusterId = kafka.clusterId();
    }

    try (EmbeddedKafka restarted = EmbeddedKafka.start(brokerDir)) {
      assertThat(restarted.clusterId()).isEqualTo(clusterId);
      assertThat(readAll(restarted, "durable")).hasSize(25);
    }
  }

  @Test
  void anUnreachableBrokerIsAClearErrorNotAnEndlessRetry() {
    assertThatThrownBy(() -> KafkaTopics.awaitReachable("127.0.0.1:1", Duration.ofSeconds(3)))
        .isInstanceOf(KafkaTopics.BrokerUnreachableException.class)
        .hasMessageContaining("no Kafka broker answered at 127.0.0.1:1 within 3 s")
        .hasMessageContaining("--bootstrap-servers");
  }

  private static void publish(EmbeddedKafka kafka, String topic, int count) {
    try (KafkaEventSink sink = new KafkaEventSink(kafka.bootstrapServers(), topic)) {
      for (int n = 0; n < count; n++) {
        sink.write("{\"n\":" + n + "}");
      }
    }
  }

  private static List<Row> readAll(EmbeddedKafka kafka, String topic) {
    return RawSources.kafkaBatch(
            SharedSpark.get(), kafka.bootstrapServers(), topic, "earliest", "latest")
        .collectAsList();
  }
}
