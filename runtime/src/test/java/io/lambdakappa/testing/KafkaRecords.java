package io.lambdakappa.testing;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.runtime.KafkaEventSink;
import java.util.List;

/** Generated records on a Kafka topic, for the tests that run on a broker. */
public final class KafkaRecords {

  private KafkaRecords() {}

  /** Publishes the records, in order, to a topic. */
  public static void publish(String bootstrapServers, String topic, List<GeneratedRecord> records) {
    try (KafkaEventSink sink = new KafkaEventSink(bootstrapServers, topic)) {
      records.forEach(record -> sink.write(record.json()));
    }
  }
}
