package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.engine.SparkSessions;
import io.lambdakappa.runtime.EmbeddedKafka;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.RawSources;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * The same events in the files and in the topic: loading the files would give the batch view
   * every event, and the speed layer, which reads the topic from the batch horizon (offset 0 after
   * a files bootstrap), every event again. The bootstrap refuses and says what to run, and the
   * topic's own archive is the way in.
   */
  @Test
  void aFilesBootstrapRefusesWhileTheTopicHoldsRecordsNotArchived() throws Exception {
    String w = workdir.toString();
    LkRun generate = LkRun.of("generate", "--workdir", w, "--events", "2000", "--to", "both");
    assertThat(generate.exitCode()).as(generate.err()).isZero();
    String data = workdir.resolve("data").toString();

    LkRun refused = LkRun.of("lambda", "batch", "--workdir", w, "--from-files", data);

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("topic events already holds 2,000 records the master dataset has not archived")
        .contains("run `lk lambda batch` without --from-files");

    LkRun archive = LkRun.of("lambda", "batch", "--workdir", w);
    assertThat(archive.exitCode()).as(archive.err()).isZero();
    assertThat(archive.out()).contains("archived 2,000 records");
    assertThat(archive.out()).contains("from 2,000 events");

    // The recompute judged the raw records: what it refused is served with its view.
    Matcher counts = Pattern.compile("quarantined ([0-9,]+)").matcher(archive.out());
    assertThat(counts.find()).as(archive.out()).isTrue();
    long quarantined = Long.parseLong(counts.group(1).replace(",", ""));
    assertThat(quarantined).isPositive(); // the generator breaks 0.5% of its records
    LkRun rejects =
        LkRun.of(
            "query",
            "--workdir",
            w,
            "--arch",
            "lambda",
            "--quarantine",
            "--limit",
            "1000",
            "--json");
    assertThat(rejects.exitCode()).as(rejects.err()).isZero();
    JsonNode answer = JsonFiles.mapper().readTree(rejects.out());
    assertThat(answer.get("generation").asLong()).isEqualTo(1);
    assertThat(answer.get("records")).hasSize((int) quarantined);
    assertThat(answer.get("records"))
        .allSatisfy(
            record -> {
              assertThat(record.get("source").asText()).matches("events/\\d+@\\d+");
              assertThat(record.get("reason").asText()).isNotBlank();
              assertThat(record.get("raw_text").isNull()).isFalse();
            });
  }
}
