package io.lambdakappa.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Talks to a broker's admin API: checks that it answers and creates topics. A Kafka client left to
 * itself retries an unreachable broker forever, logging warnings; here an unreachable broker is an
 * error with a message that says what to do, after a bounded wait.
 */
public final class KafkaTopics {

  /** The topic both architectures read (docs/data-contract.md). */
  public static final String EVENTS_TOPIC = "events";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private KafkaTopics() {}

  /** Thrown when no broker answers at the given address in time. */
  public static final class BrokerUnreachableException extends RuntimeException {
    BrokerUnreachableException(String bootstrapServers, Duration waited, Throwable cause) {
      super(
          "no Kafka broker answered at "
              + bootstrapServers
              + " within "
              + waited.toSeconds()
              + " s; check --bootstrap-servers, or leave it out to use the embedded broker",
          cause);
    }
  }

  /** Waits until a broker answers at {@code bootstrapServers}, or throws after {@code timeout}. */
  public static void awaitReachable(String bootstrapServers, Duration timeout) {
    try (Admin admin = admin(bootstrapServers, timeout)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerUnreachableException(bootstrapServers, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnreachableException(bootstrapServers, timeout, e);
    }
  }

  /**
   * On a cluster of three brokers or more, a topic's partitions have this many replicas, and a
   * write (the producers ask for {@code acks=all}) needs {@link #MIN_IN_SYNC} of them: one broker
   * can fail without losing or refusing a record. A smaller cluster (the embedded broker) gets one
   * replica per broker.
   */
  static final int REPLICAS = 3;

  static final int MIN_IN_SYNC = 2;

  /**
   * Creates the topic if it does not exist yet (an existing one is left as it is), replicated as
   * far as the cluster allows (see {@link #REPLICAS}).
   */
  public static void ensureTopic(String bootstrapServers, String topic, int partitions) {
    try (Admin admin = admin(bootstrapServers, DEFAULT_TIMEOUT)) {
      int brokers =
          admin
              .describeCluster()
              .nodes()
              .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      short replicas = (short) Math.max(1, Math.min(REPLICAS, brokers));
      Map<String, String> configs = new java.util.HashMap<>();
      configs.put("retention.ms", "-1");
      // A record's timestamp is when the broker appended it, not what the producer says: the
      // arrival a producer's wrong clock cannot fake (EVENT_TIME_AHEAD), and the start of every
      // event-to-visible latency.
      configs.put("message.timestamp.type", "LogAppendTime");
      if (replicas >= REPLICAS) {
        configs.put("min.insync.replicas", Integer.toString(MIN_IN_SYNC));
      }
      NewTopic newTopic = new NewTopic(topic, partitions, replicas).configs(configs);
      admin
          .createTopics(List.of(newTopic))
          .all()
          .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new BrokerUnreachableException(bootstrapServers, DEFAULT_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  /** An admin client whose calls give up after {@code timeout}. */
  public static Admin admin(String bootstrapServers, Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int millis = (int) Math.max(1000, timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 5000));
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return Admin.create(props);
  }

  /**
   * The bytes each partition of {@code topic} holds on the brokers' disks, summed over replicas.
   */
  public static Map<Integer, Long> partitionBytes(String bootstrapServers, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin = admin(bootstrapServers, DEFAULT_TIMEOUT)) {
      List<Integer> brokers =
          admin
              .describeCluster()
              .nodes()
              .get(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .stream()
              .map(Node::id)
              .toList();
      Map<Integer, Long> bytes = new TreeMap<>();
      for (Map<String, LogDirDescription> dirs :
          admin
              .describeLogDirs(brokers)
              .allDescriptions()
              .get(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
            if (replica.getKey().topic().equals(topic)) {
              bytes.merge(replica.getKey().partition(), replica.getValue().size(), Long::sum);
            }
          }
        }
      }
      return bytes;
    }
  }
}
