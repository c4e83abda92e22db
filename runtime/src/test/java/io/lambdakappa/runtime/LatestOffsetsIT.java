package io.lambdakappa.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.testing.SharedKafka;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A live process reads its lag every second; a read that fails while Kafka fails over leaves the
 * lag unknown instead of stopping the process, and Kafka that stays silent past the patience is an
 * error. (An unknown topic fails every read at once, which stands in for a failover here; the real
 * one, a partition leader killed mid-run, is in {@code LocalClusterIT}.)
 */
class LatestOffsetsIT {

  @Test
  void aFailedReadIsUnknownUntilThePatienceRunsOut() throws Exception {
    String bootstrap = SharedKafka.get().bootstrapServers();
    LatestOffsets absent = new LatestOffsets(bootstrap, "no-such-topic", Duration.ofMillis(300));

    assertThat(absent.read()).isEmpty();
    Thread.sleep(400);
    assertThatThrownBy(absent::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Kafka has not answered for 300ms")
        .hasMessageContaining("no-such-topic");
  }

  @Test
  void aReadThatSucceedsAgainEndsTheWait() throws Exception {
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, "latest-offsets", 2);
    LatestOffsets offsets = new LatestOffsets(bootstrap, "latest-offsets", Duration.ofMinutes(2));

    assertThat(offsets.read()).contains(Map.of(0, 0L, 1, 0L));
  }
}
