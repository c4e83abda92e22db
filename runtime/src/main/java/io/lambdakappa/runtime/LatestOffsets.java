package io.lambdakappa.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A topic's latest offsets as a live process reads them every second, for its lag and its catch-up
 * bar. While Kafka fails over (a broker dies; the controllers fence it and elect new partition
 * leaders, about ten seconds) a read can fail: the offsets are then unknown for a moment, and the
 * process goes on, its streaming queries retrying on their own. Kafka that has not answered for
 * {@code patience} is an error, not a silent wait.
 */
public final class LatestOffsets {

  /** Long enough for a broker's session to expire and its partitions to get new leaders. */
  public static final Duration PATIENCE = Duration.ofMinutes(2);

  private final String bootstrapServers;
  private final String topic;
  private final Duration patience;
  private long failingSince = -1;

  public LatestOffsets(String bootstrapServers, String topic, Duration patience) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.patience = patience;
  }

  /**
   * The offset after the last record of every partition, or empty while Kafka does not answer.
   *
   * @throws IllegalStateException when Kafka has not answered for longer than the patience
   */
  public synchronized Optional<Map<Integer, Long>> read() {
    try {
      Map<Integer, Long> latest = KafkaOffsets.latest(bootstrapServers, topic);
      failingSince = -1;
      return Optional.of(latest);
    } catch (IllegalStateException e) {
      long now = System.nanoTime();
      if (failingSince < 0) {
        failingSince = now;
      }
      if (now - failingSince > patience.toNanos()) {
        throw new IllegalStateException(
            "Kafka has not answered for " + Durations.format(patience) + ": " + e.getMessage(), e);
      }
      return Optional.empty();
    }
  }
}
