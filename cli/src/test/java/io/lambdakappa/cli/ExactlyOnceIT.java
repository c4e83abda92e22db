package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk experiment exactly-once} end to end: a worker JVM killed with SIGKILL three times while
 * it replays a topic into both sinks, then left to catch up. The idempotent upsert must equal the
 * oracle; the naive append must be off by exactly the events its own records say it wrote twice,
 * and by nothing else; and the report must say what the numbers say.
 */
class ExactlyOnceIT {

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
            "exactly-once",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "60000",
            "--kills",
            "3",
            "--batch-records",
            "5000");
    run = experiment.run();
    report = experiment.report();
    results = experiment.results();
  }

  @Test
  void theIdempotentUpsertEqualsTheOracleAfterTheKills() {
    JsonNode upsert = results.get("upsert");
    assertThat(upsert.get("windows").asLong()).isPositive();
    assertThat(upsert.get("exact_windows").asLong()).isEqualTo(upsert.get("windows").asLong());
    assertThat(upsert.get("missing_events").asLong()).isZero();
    assertThat(upsert.get("extra_events").asLong()).isZero();
  }

  @Test
  void theNaiveAppendIsOffByExactlyWhatItWroteTwice() {
    JsonNode append = results.get("append");
    JsonNode appended = results.get("appended");
    long writtenTwice = appended.get("rows").asLong() - appended.get("distinct_events").asLong();
    assertThat(append.get("missing_events").asLong()).isZero();
    assertThat(append.get("extra_events").asLong()).isEqualTo(writtenTwice);
    // Each kill's share adds up to the whole.
    long perKill = 0;
    for (JsonNode kill : results.get("kills")) {
      perKill += kill.get("events_appended_again").asLong();
    }
    assertThat(perKill).isEqualTo(writtenTwice);
    // Every unique event of the topic was appended at least once.
    assertThat(appended.get("distinct_events").asLong())
        .isEqualTo(results.at("/dataset/unique_events").asLong());
  }

  @Test
  void theKillsLandedAndTheStreamsWentOnAfterThem() {
    assertThat(results.get("kills")).hasSize(3);
    for (JsonNode kill : results.get("kills")) {
      assertThat(kill.get("landed").asBoolean()).as(kill.toString()).isTrue();
    }
    assertThat(results.at("/final_run/upsert").asLong()).isPositive();
    assertThat(results.at("/final_run/append").asLong()).isPositive();
    assertThat(run.out()).contains("run 4: the worker catches up, with no kill");
  }

  @Test
  void theReportSaysWhatTheNumbersSayAndRendersOffline() throws Exception {
    long writtenTwice =
        results.at("/appended/rows").asLong() - results.at("/appended/distinct_events").asLong();
    String expected =
        writtenTwice == 0
            ? "The naive append sink was lucky this time"
            : String.format("%,d events counted twice", writtenTwice);
    assertThat(Files.readString(report.resolve("report.md"), StandardCharsets.UTF_8))
        .contains(expected)
        .contains("The idempotent upsert served all")
        .as("Markdown, not HTML: no character escaped as an entity")
        .doesNotContain("&#");
    assertThat(run.out()).contains(expected);

    String dom =
        HeadlessBrowser.renderOffline(report.resolve("report.html"), workdir.resolve("dom.html"));
    assertThat(dom).contains("data-broken-images=\"0\"").contains("data-images=\"2\"");
    assertThat(dom).contains("id=\"story\"").contains(expected);
  }
}
