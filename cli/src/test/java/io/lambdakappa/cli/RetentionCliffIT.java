package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk experiment retention-cliff} end to end on a small topic: Kafka really deletes the older
 * segments, Kappa's reprocess loses exactly the events only they held, and Lambda and Kappa+ lose
 * nothing; the report says so and renders offline.
 */
class RetentionCliffIT {

  @TempDir static Path workdir;
  static LkRun run;
  static Path report;
  static JsonNode results;

  @BeforeAll
  static void experiment() throws Exception {
    ExperimentRun experiment =
        ExperimentRun.of(
            workdir,
            "experiment",
            "retention-cliff",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "40000",
            "--segment-bytes",
            "262144");
    run = experiment.run();
    report = experiment.report();
    results = experiment.results();
  }

  @Test
  void kafkaReallyDeletedTheOlderSegments() throws Exception {
    String topic = "retention-cliff-" + results.get("run_id").asText();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
    long firstOffsets = 0;
    try (Admin admin = Admin.create(props)) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      for (int partition : List.of(0, 1)) {
        earliest.put(new TopicPartition(topic, partition), OffsetSpec.earliest());
      }
      for (var info : admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values()) {
        firstOffsets += info.offset();
      }
    }
    assertThat(firstOffsets).isPositive().isEqualTo(results.at("/log/records_deleted").asLong());
    assertThat(results.at("/log/records_published").asLong()).isEqualTo(44_000);
  }

  @Test
  void kappaLosesExactlyWhatOnlyTheDeletedSegmentsHeld() {
    JsonNode kappa = architecture("kappa").get("accuracy");
    long onlyDeleted = results.get("events_only_in_deleted_segments").asLong();
    assertThat(onlyDeleted).isPositive();
    assertThat(kappa.get("missing_events").asLong()).isEqualTo(onlyDeleted);
    assertThat(kappa.get("extra_events").asLong()).isZero();
    assertThat(results.get("kappa_matches_the_retained_log").asBoolean()).isTrue();
  }

  @Test
  void lambdaAndKappaPlusLoseNothing() {
    for (String name : List.of("lambda", "kappa+")) {
      JsonNode accuracy = architecture(name).get("accuracy");
      assertThat(accuracy.get("missing_events").asLong()).as(name).isZero();
      assertThat(accuracy.get("extra_events").asLong()).as(name).isZero();
      assertThat(accuracy.get("exact_windows").asLong())
          .as(name)
          .isEqualTo(accuracy.get("windows").asLong())
          .isPositive();
    }
    // Kappa+ pays for its archive: it keeps more than Kappa.
    assertThat(storage("kappa+")).isGreaterThan(storage("kappa"));
  }

  @Test
  void theReportSaysWhatTheNumbersSayAndRendersOffline() throws Exception {
    String lost =
        String.format(
            "%,d events lost", architecture("kappa").at("/accuracy/missing_events").asLong());
    assertThat(Files.readString(report.resolve("report.md"), StandardCharsets.UTF_8))
        .contains(lost)
        .contains("Kappa's replay rebuilt only what the log still holds")
        .contains("Lambda lost nothing")
        .contains("Kappa+ lost nothing")
        .as("Markdown, not HTML: no character escaped as an entity")
        .doesNotContain("&#");
    String dom =
        HeadlessBrowser.renderOffline(report.resolve("report.html"), workdir.resolve("dom.html"));
    assertThat(dom).contains("data-broken-images=\"0\"").contains("data-images=\"2\"");
    assertThat(dom).contains("id=\"story\"").contains(lost);
  }

  private static JsonNode architecture(String name) {
    for (JsonNode architecture : results.get("architectures")) {
      if (architecture.get("name").asText().equals(name)) {
        return architecture;
      }
    }
    throw new AssertionError("no architecture " + name + " in " + results);
  }

  private static long storage(String name) {
    long bytes = 0;
    for (JsonNode part : architecture(name).get("storage_bytes")) {
      bytes += part.asLong();
    }
    return bytes;
  }
}
