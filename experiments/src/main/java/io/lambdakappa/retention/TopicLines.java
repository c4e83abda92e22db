package io.lambdakappa.retention;

import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawConsumers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The text of every record a topic still holds, to a JSON-lines file: what the oracle reads to say
 * what a replay of the log can rebuild after retention deleted its older part.
 */
final class TopicLines {

  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private TopicLines() {}

  /**
   * Writes the text of every record {@code topic} still holds to a JSON-lines file: what the oracle
   * reads to say what a replay of the log can rebuild. Returns how many records it wrote.
   */
  static long write(String bootstrapServers, String topic, Path file) throws IOException {
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
}
