package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.runtime.EmbeddedKafka;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.runtime.SparkSessions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LkKafkaIT {

  @TempDir Path workdir;

  @Test
  void generatePublishesToTheEmbeddedBrokerWhichKeepsTheDataAcrossRestarts() {
    LkRun first =
        LkRun.of("generate", "--workdir", workdir.toString(), "--events", "3000", "--to", "both");
    LkRun second =
        LkRun.of("generate", "--workdir", workdir.toString(), "--events", "2000", "--to", "kafka");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("topic: events at 127.0.0.1:");
    assertThat(second.exitCode()).as(second.err()).isZero();
    try (EmbeddedKafka broker = EmbeddedKafka.start(workdir.resolve("kafka"))) {
      long records =
          RawSources.kafkaBatch(
                  SparkSessions.create("lk-it", "local[2]"),
                  broker.bootstrapServers(),
                  "events",
                  "earliest",
                  "latest")
              .count();
      assertThat(records).isEqualTo(5000);
    }
  }

  @Test
  void anUnreachableBrokerFailsWithExitCodeOneAndSaysWhatToDo() {
    LkRun run =
        LkRun.of(
            "generate",
            "--workdir",
            workdir.toString(),
            "--events",
            "10",
            "--to",
            "kafka",
            "--bootstrap-servers",
            "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("no Kafka broker answered at 127.0.0.1:1")
        .contains("leave it out to use the embedded broker");
  }
}
