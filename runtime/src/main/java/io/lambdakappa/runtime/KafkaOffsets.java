package io.lambdakappa.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Per-partition offsets of a topic: the latest ones, and the JSON form Spark's Kafka source takes.
 */
public final class KafkaOffsets {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaOffsets() {}

  /** The offset after the last record of every partition. */
  public static Map<Integer, Long> latest(String bootstrapServers, String topic) {
    return list(bootstrapServers, topic, OffsetSpec.latest());
  }

  /**
   * The first offset every partition still holds: above 0 once retention (or {@code deleteRecords})
   * has deleted the records below it.
   */
  public static Map<Integer, Long> earliest(String bootstrapServers, String topic) {
    return list(bootstrapServers, topic, OffsetSpec.earliest());
  }

  private static Map<Integer, Long> list(String bootstrapServers, String topic, OffsetSpec spec) {
    try (Admin admin = KafkaTopics.admin(bootstrapServers, KafkaTopics.DEFAULT_TIMEOUT)) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      description
          .partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
          admin.listOffsets(request).all().get(15, TimeUnit.SECONDS);
      Map<Integer, Long> result = new TreeMap<>();
      offsets.forEach((partition, info) -> result.put(partition.partition(), info.offset()));
      return result;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read the offsets of topic " + topic + " at " + bootstrapServers + ": " + e, e);
    }
  }

  /**
   * The offsets of {@code topic} in Spark's JSON form (a source's {@code endOffset} in a progress
   * report); empty if the topic is not there.
   */
  public static Map<Integer, Long> fromSparkJson(String topic, String json) {
    Map<Integer, Long> offsets = new TreeMap<>();
    if (json == null) {
      return offsets;
    }
    try {
      JSON.readTree(json)
          .path(topic)
          .fields()
          .forEachRemaining(
              entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
      return offsets;
    } catch (Exception e) {
      throw new IllegalStateException("unreadable offsets: " + json, e);
    }
  }

  /** {@code {"topic":{"0":12,"1":40}}}, as Spark's startingOffsets and endingOffsets want it. */
  public static String sparkJson(String topic, Map<Integer, Long> offsets) {
    Map<String, Long> byPartition = new TreeMap<>();
    offsets.forEach((partition, offset) -> byPartition.put(partition.toString(), offset));
    try {
      return JSON.writeValueAsString(Map.of(topic, byPartition));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
