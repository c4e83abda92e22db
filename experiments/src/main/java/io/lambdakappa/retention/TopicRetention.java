package io.lambdakappa.retention;

import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.KafkaTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The Kafka side of the retention experiment, through the admin API only, so it works on the
 * embedded broker and on a real cluster alike: a topic with small segments, a size retention set on
 * it later, the log start offsets that say what Kafka has deleted, and the bytes a topic holds on
 * disk.
 */
final class TopicRetention {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicRetention() {}

  /**
   * Creates {@code topic} keeping everything, in segments of {@code segmentBytes}: retention
   * deletes whole segments, so small ones let it cut close to where it is told.
   */
  static void create(String bootstrapServers, String topic, int partitions, int segmentBytes)
      throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, partitions, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(segmentBytes),
                              TopicConfig.RETENTION_MS_CONFIG, "-1",
                              TopicConfig.RETENTION_BYTES_CONFIG, "-1"))))
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Sets the topic's size retention: each partition keeps its newest {@code bytes}. */
  static void retainBytes(String bootstrapServers, String topic, long bytes) throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Collection<AlterConfigOp> change =
          List.of(
              new AlterConfigOp(
                  new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(bytes)),
                  AlterConfigOp.OpType.SET));
      admin
          .incrementalAlterConfigs(Map.of(resource, change))
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** The first offset each partition still holds: what retention has deleted is below it. */
  static Map<Integer, Long> logStartOffsets(String bootstrapServers, String topic) {
    return KafkaOffsets.earliest(bootstrapServers, topic);
  }

  /**
   * Waits until retention has deleted something from every partition and the log start offsets have
   * not moved for {@code quiet}; returns them. Fails after {@code deadline} (the broker's retention
   * check runs every {@code log.retention.check.interval.ms}: a second on the embedded broker, five
   * minutes by Kafka's default).
   */
  static Map<Integer, Long> awaitDeletion(
      String bootstrapServers, String topic, Duration quiet, Duration deadline) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    Map<Integer, Long> last = Map.of();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < end) {
      Map<Integer, Long> starts = logStartOffsets(bootstrapServers, topic);
      if (!starts.equals(last)) {
        last = starts;
        stableSince = System.nanoTime();
      } else if (starts.values().stream().mapToLong(Long::longValue).sum() > 0
          && System.nanoTime() - stableSince >= quiet.toNanos()) {
        return starts;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "Kafka did not apply the retention of topic "
            + topic
            + " within "
            + deadline
            + " (log start offsets "
            + last
            + "); a broker checks retention every log.retention.check.interval.ms");
  }

  /** The bytes each partition of {@code topic} holds on the brokers' disks. */
  static Map<Integer, Long> partitionBytes(String bootstrapServers, String topic) throws Exception {
    return KafkaTopics.partitionBytes(bootstrapServers, topic);
  }

  private static Admin admin(String bootstrapServers) {
    return KafkaTopics.admin(bootstrapServers, KafkaTopics.DEFAULT_TIMEOUT);
  }
}
