package io.lambdakappa.live;

import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.runtime.RawConsumers;
import io.lambdakappa.serving.AnswerJson;
import io.lambdakappa.serving.QuarantineAnswer;
import io.lambdakappa.serving.ReferenceServing;
import io.lambdakappa.streaming.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The oracle, live: a plain Kafka consumer (no Spark, none of the pipelines' code) reads the topic
 * from its first offset into a {@link SqlOracle} and keeps reading, so while an architecture runs,
 * the API can show beside its windows what the data contract says they should be. Like the batch
 * oracle it sees every record read so far at once: a late event counts, however late. Where an
 * architecture's window is below the oracle's, it has not read that far yet, or it dropped the
 * event as late.
 *
 * <p>It judges with one window length, the one the process started with.
 */
public final class LiveOracle implements ReferenceServing, AutoCloseable {

  public static final String NAME = "oracle";

  private static final int BUSIEST_KEYS = 8;
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);

  /**
   * What the oracle has read: {@code recordsRead = valid + refused}, {@code valid = unique +
   * duplicates}.
   *
   * @param readAt when the last poll of the topic returned, or null before the first
   * @param problem why the last poll failed, if it did (the oracle keeps trying)
   */
  public record Status(
      long recordsRead,
      long valid,
      long unique,
      long refused,
      long duplicates,
      Instant latestEventTime,
      Duration window,
      List<String> busiestKeys,
      Instant readAt,
      String problem) {}

  private final String topic;
  private final Duration window;
  private final SqlOracle oracle = SqlOracle.empty(); // guarded by itself: one DuckDB connection
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread tail;
  private volatile Instant readAt;
  private volatile String problem;
  private volatile String stopped;
  private volatile boolean closing;

  private LiveOracle(String bootstrapServers, String topic, Duration window) {
    this.topic = topic;
    this.window = window;
    this.consumer = RawConsumers.open(bootstrapServers);
    this.tail = new Thread(this::tail, "lk-live-oracle");
    tail.setDaemon(true);
  }

  /** Starts reading {@code topic} from its first offset; windows of {@code window}. */
  public static LiveOracle start(String bootstrapServers, String topic, Duration window) {
    LiveOracle live = new LiveOracle(bootstrapServers, topic, window);
    live.tail.start();
    return live;
  }

  private void tail() {
    List<TopicPartition> assigned = List.of();
    while (!closing) {
      try {
        if (assigned.isEmpty()) {
          assigned = assignAll();
          continue;
        }
        List<String> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          // A record without a value is read, and refused by the contract (a null line).
          records.add(
              record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        if (!judge(records)) {
          return;
        }
        readAt = Instant.now();
        problem = null;
      } catch (WakeupException stop) {
        return;
      } catch (RuntimeException kafka) {
        // Kafka failing over: the consumer's position has not moved, so the next poll loses
        // nothing.
        problem = kafka.getMessage();
        pause();
      }
    }
  }

  /**
   * Hands the records to the oracle. The consumer has moved past them, so an oracle that cannot
   * take them would from now on answer without them: it stops, and says so on every status.
   */
  private boolean judge(List<String> records) {
    try {
      synchronized (oracle) {
        oracle.add(records);
      }
      return true;
    } catch (RuntimeException e) {
      stopped =
          "the oracle stopped reading, its answers lack every record after: " + e.getMessage();
      return false;
    }
  }

  /** Every partition of the topic from its first offset, or none yet if the topic is missing. */
  private List<TopicPartition> assignAll() {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      problem = "topic " + topic + " does not exist yet";
      pause();
      return partitions;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  private void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AnswerJson metrics(String key, Instant from, Instant to) {
    Map<Instant, SqlOracle.Expected> expected;
    synchronized (oracle) {
      expected = oracle.expected(window, key, from, to);
    }
    List<AnswerJson.WindowJson> windows = new ArrayList<>();
    expected.forEach(
        (start, metrics) ->
            windows.add(
                new AnswerJson.WindowJson(
                    start,
                    start.plus(window),
                    metrics.events(),
                    metrics.sum(),
                    metrics.min(),
                    metrics.max(),
                    metrics.users(),
                    NAME)));
    return new AnswerJson(NAME, key, from, to, 0, null, null, readAt, windows);
  }

  @Override
  public QuarantineAnswer quarantine(int limit) {
    List<String> refused;
    synchronized (oracle) {
      refused = oracle.newestRefused(limit);
    }
    return new QuarantineAnswer(
        NAME,
        0,
        refused.stream()
            .map(
                raw ->
                    new RejectedRecord(
                        topic,
                        "CONTRACT",
                        "refused by the data contract (docs/data-contract.md)",
                        raw))
            .toList());
  }

  @Override
  public Status status() {
    synchronized (oracle) {
      SqlOracle.Counts counts = oracle.counts();
      return new Status(
          counts.read(),
          counts.valid(),
          counts.unique(),
          counts.read() - counts.valid(),
          counts.valid() - counts.unique(),
          oracle.latestEventTime().orElse(null),
          window,
          oracle.busiestKeys(BUSIEST_KEYS),
          readAt,
          stopped != null ? stopped : problem);
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      tail.join(CLOSE_DEADLINE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!tail.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
    synchronized (oracle) {
      oracle.close();
    }
  }
}
