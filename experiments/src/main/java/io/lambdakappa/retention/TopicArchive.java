package io.lambdakappa.retention;

import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawConsumers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kappa+'s archive: a copy of a topic's records, partition for partition, in order, with their
 * timestamps, into a topic of its own that keeps everything (the role Uber's Kappa+ gives Hive, and
 * Kafka's tiered storage gives object storage). Copied from offset 0 into an empty topic, each
 * record keeps its offset.
 */
final class TopicArchive {

  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private TopicArchive() {}

  /**
   * Copies every record {@code from} holds now into {@code to} (same partitions) and returns the
   * offsets it copied up to: the archive holds {@code [0, end)} of each partition.
   */
  static Map<Integer, Long> copy(String bootstrapServers, String from, String to)
      throws InterruptedException, ExecutionException {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerProperties(bootstrapServers))) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      Map<Integer, Long> end =
          readAll(
              bootstrapServers,
              from,
              record ->
                  sends.add(
                      producer.send(
                          new ProducerRecord<>(
                              to,
                              record.partition(),
                              record.timestamp(),
                              record.key(),
                              record.value()))));
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get(); // a failed copy must not pass for an archive
      }
      return end;
    }
  }

  /**
   * Writes the text of every record {@code topic} still holds to a JSON-lines file: what the oracle
   * reads to say what a replay of the log can rebuild. Returns how many records it wrote.
   */
  static long writeLines(String bootstrapServers, String topic, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    long[] lines = {0};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      readAll(
          bootstrapServers,
          topic,
          record -> {
            try {
              out.write(new String(record.value(), StandardCharsets.UTF_8));
              out.newLine();
              lines[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return lines[0];
  }

  /**
   * Hands every record {@code topic} holds now, from each partition's first offset to its end at
   * the start of the call, to {@code each}, in order; returns those ends.
   */
  private static Map<Integer, Long> readAll(
      String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<Integer, Long> end = KafkaOffsets.latest(bootstrapServers, topic);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = RawConsumers.open(bootstrapServers)) {
      List<TopicPartition> partitions =
          end.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!readUpTo(consumer, partitions, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read topic " + topic + " within " + DEADLINE);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() < end.get(record.partition())) {
            each.accept(record);
          }
        }
      }
    }
    return end;
  }

  private static boolean readUpTo(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<Integer, Long> end) {
    return partitions.stream()
        .allMatch(
            partition ->
                consumer.position(partition, Duration.ofSeconds(30))
                    >= end.get(partition.partition()));
  }

  private static Properties producerProperties(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, KafkaEventSink.BATCH_BYTES);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // offsets stay the original's
    return props;
  }
}
