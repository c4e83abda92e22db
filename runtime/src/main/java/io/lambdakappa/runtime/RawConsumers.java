package io.lambdakappa.runtime;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Plain Kafka consumers of a topic's raw records, outside Spark: bytes as they were written, no
 * consumer group and no committed offsets (the caller assigns partitions and seeks), for the
 * experiments that read a log themselves (an archive copy, the live oracle).
 */
public final class RawConsumers {

  private RawConsumers() {}

  public static KafkaConsumer<byte[], byte[]> open(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    // A reader never creates the topic it asks about: a topic made by a metadata request would
    // have the broker's default partitions, not the ones lk gives it.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return new KafkaConsumer<>(props);
  }
}
