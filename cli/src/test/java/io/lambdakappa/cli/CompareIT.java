package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk compare} end to end on a small dataset: both architectures exact on the history,
 * corrected after the live phase, the accounting identity holding, and every number the report
 * shows read from {@code results.json}. It runs in an execution of its own, in zones that are not
 * UTC (cli/pom.xml), with 7-minute windows.
 */
class CompareIT {

  @TempDir static Path workdir;
  static String output;
  static Path report;
  static JsonNode results;

  @BeforeAll
  static void compare() throws Exception {
    LkRun run =
        LkRun.of(
            "compare",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "20000",
            // 7-minute windows divide neither an hour nor a day: they only line up with the
            // oracle's if every engine counts windows from the epoch.
            "--window",
            "7m",
            "--live-for",
            "8s",
            "--watermark-sweep",
            "0s,10m",
            "--sweep-batch-records",
            "2000",
            "--experiments",
            "retention-cliff");
    output = run.out();
    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Stream<Path> runs = Files.list(workdir.resolve("reports"))) {
      // The comparison's folder is the run id; an experiment's ends with its name.
      report =
          runs.filter(folder -> folder.getFileName().toString().matches("\\d{8}-\\d{6}"))
              .findFirst()
              .orElseThrow();
    }
    results = JsonFiles.mapper().readTree(report.resolve("results.json").toFile());
  }

  @Test
  void bothArchitecturesAreExactOnTheHistoryAndAfterTheirCorrection() {
    for (JsonNode step : results.get("timeline")) {
      String label = step.get("label").asText();
      if (label.equals("history") || label.equals("corrected")) {
        assertThat(step.get("missing_events").asLong()).as(step.toString()).isZero();
        assertThat(step.get("exact_windows").asLong())
            .as(step.toString())
            .isEqualTo(step.get("windows").asLong());
      }
      assertThat(step.get("extra_events").asLong()).as("nothing counted twice").isZero();
    }
    // history, speed layer alone, live, corrected for Lambda; history, live, corrected for Kappa
    assertThat(results.get("timeline")).hasSize(7);
    assertThat(results.at("/timeline/2/label").asText()).isEqualTo("speed layer alone");
  }

  @Test
  void theVerdictIsExactAndSaysSo() throws Exception {
    assertThat(System.getenv("TZ")).as("this test runs away from UTC").isEqualTo("Europe/Paris");
    assertThat(results.at("/settings/window").asText()).isEqualTo("PT7M");
    for (JsonNode step : results.get("timeline")) {
      assertThat(step.get("unexpected_windows").asLong()).as(step.toString()).isZero();
    }
    assertThat(Files.readString(report.resolve("report.md")))
        .contains("Verdict: both architectures are exact");
  }

  @Test
  void movingPartsAreCountedFromTheRun() {
    // Lambda: speed generations 1 and 2; Kappa: version 1 (replayed, then live) and the reprocess.
    assertThat(results.at("/lambda/moving_parts/streaming_queries").asLong()).isEqualTo(2);
    assertThat(results.at("/kappa/moving_parts/streaming_queries").asLong()).isEqualTo(2);
    // Jobs are counted from the run: at least one for each live micro-batch each stream recorded
    // (a fixed floor would fail on a busy machine, where the same records take fewer batches).
    for (String architecture : List.of("lambda", "kappa")) {
      long liveBatches = results.at("/" + architecture + "/latency/micro_batches").asLong();
      assertThat(liveBatches).as("%s live micro-batches", architecture).isPositive();
      assertThat(results.at("/" + architecture + "/moving_parts/spark_jobs").asLong())
          .as("%s Spark jobs", architecture)
          .isGreaterThanOrEqualTo(liveBatches);
    }
    // master dataset, batch views, realtime table; Kappa's versioned table
    assertThat(results.at("/lambda/moving_parts/stores").asInt()).isEqualTo(3);
    assertThat(results.at("/kappa/moving_parts/stores").asInt()).isEqualTo(1);
    assertThat(results.at("/lambda/latency/sample_events").asLong()).isPositive();
  }

  @Test
  void eachThroughputFigureCarriesItsRatioToTheEqualWorkJobOfTheSameRun() throws Exception {
    for (String architecture : List.of("lambda", "kappa")) {
      for (String phase : List.of("history_vs_baseline", "correction_vs_baseline")) {
        JsonNode against = results.at("/" + architecture + "/throughput/" + phase);
        assertThat(against.get("pipeline_seconds").asDouble()).as(against.toString()).isPositive();
        assertThat(against.get("baseline_seconds").asDouble()).as(against.toString()).isPositive();
        assertThat(against.get("ratio").asDouble())
            .isCloseTo(
                against.get("baseline_seconds").asDouble()
                    / against.get("pipeline_seconds").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    assertThat(results.at("/lambda/throughput/history_vs_baseline/measured").asText())
        .isEqualTo("recompute");
    assertThat(Files.readString(report.resolve("report.md")))
        .contains("Against the hand-written Spark job that does the same work");
  }

  @Test
  void theAccountingIdentityHoldsForBoth() {
    assertThat(results.at("/lambda/accounting/identity_holds").asBoolean()).isTrue();
    assertThat(results.at("/kappa/accounting/identity_holds").asBoolean()).isTrue();
    long published =
        results.at("/dataset/history_records").asLong()
            + results.at("/dataset/live_records").asLong();
    assertThat(results.at("/dataset/oracle_read").asLong()).isEqualTo(published);
    assertThat(results.at("/kappa/accounting/read").asLong()).isEqualTo(published);
    // Each layer's late drops, as measured: the live phase's late events behind the watermark were
    // dropped by both streams (Lambda's speed layer reads them all: it starts at the horizon).
    assertThat(results.at("/kappa/accounting/dropped_late").asLong()).isPositive();
    assertThat(results.at("/lambda/accounting/dropped_late").asLong())
        .as("the speed layer's late drops, not a literal 0")
        .isPositive();
    assertThat(results.at("/lambda/accounting/history_dropped_late").asLong()).isZero();
    // The live phase's CPU, split by streaming query: both did work.
    assertThat(results.at("/lambda/cost/live_task_cpu_seconds").asDouble()).isPositive();
    assertThat(results.at("/kappa/cost/live_task_cpu_seconds").asDouble()).isPositive();
  }

  @Test
  void theReportShowsTheNumbersOfResultsJson() throws Exception {
    String html = Files.readString(report.resolve("report.html"));
    String markdown = Files.readString(report.resolve("report.md"));
    for (JsonNode step : results.get("timeline")) {
      String row =
          String.format(
              "| %s | %s | %d | %d | %d | %d |",
              step.get("label").asText(),
              step.get("architecture").asText(),
              step.get("windows").asLong(),
              step.get("exact_windows").asLong(),
              step.get("missing_events").asLong(),
              step.get("extra_events").asLong());
      assertThat(markdown).contains(row);
      assertThat(html)
          .contains("<td class=\"missing\">" + step.get("missing_events").asLong() + "</td>");
    }
    assertThat(html).contains(results.get("run_id").asText());
    assertThat(html).doesNotContain("http://").doesNotContain("https://"); // self-contained
    assertThat(html).contains("data:image/png;base64,");
    for (String chart :
        List.of("accuracy.png", "latency.png", "throughput.png", "watermark-sweep.png")) {
      assertThat(report.resolve(chart)).isNotEmptyFile();
    }
    assertThat(results.get("watermark_sweep")).hasSize(2);
    // Replayed in steps, a 0s watermark drops late events; a larger one never drops more.
    assertThat(results.at("/watermark_sweep/0/dropped_late").asLong()).isPositive();
    assertThat(results.at("/watermark_sweep/1/dropped_late").asLong())
        .isLessThan(results.at("/watermark_sweep/0/dropped_late").asLong());
    assertThat(results.at("/watermark_sweep/0/micro_batches").asLong()).isGreaterThan(10);
    assertThat(results.at("/watermark_sweep/1/final_after").asText()).isEqualTo("PT17M");
    assertThat(output).contains("Pipelines").contains("report: ");
  }

  @Test
  void anExperimentRunWithTheComparisonIsLinkedFromItsReport() throws Exception {
    String html = Files.readString(report.resolve("report.html"), StandardCharsets.UTF_8);
    String link = "../" + report.getFileName() + "-retention-cliff/report.html";
    assertThat(html).contains("id=\"experiments\"").contains("href=\"" + link + "\"");
    assertThat(report.resolve(link).normalize()).exists();
    assertThat(html)
        .contains("replay rebuilt only what the log still holds"); // HTML-escaped quote before it
  }

  @Test
  void theServedAnswersAreSampledEverySecondUntilBothAreCorrected() {
    JsonNode points = results.get("served_over_time");
    // 8 s of live traffic, then the correction: a sample about every second.
    assertThat(points.size()).isGreaterThanOrEqualTo(8);
    long unique = results.at("/dataset/oracle_unique_events").asLong();
    long liveRecords = results.at("/dataset/live_records").asLong();
    long sent = 0;
    long expected = 0;
    for (JsonNode point : points) {
      // What was sent, and what the oracle finds in it, only ever grow.
      assertThat(point.get("records_sent").asLong()).isBetween(sent, liveRecords);
      assertThat(point.get("expected_events").asLong()).isBetween(expected, unique);
      sent = point.get("records_sent").asLong();
      expected = point.get("expected_events").asLong();
      // Nothing is ever counted twice: served never exceeds what the records sent hold.
      assertThat(point.get("lambda_served_events").asLong()).isLessThanOrEqualTo(expected);
      assertThat(point.get("kappa_served_events").asLong()).isLessThanOrEqualTo(expected);
    }
    JsonNode last = points.get(points.size() - 1);
    assertThat(last.get("records_sent").asLong()).isEqualTo(liveRecords);
    assertThat(last.get("expected_events").asLong()).isEqualTo(unique);
    assertThat(last.get("lambda_served_events").asLong()).as("Lambda corrected").isEqualTo(unique);
    assertThat(last.get("kappa_served_events").asLong()).as("Kappa corrected").isEqualTo(unique);
  }

  /** The report renders offline in a real browser, every chart decoded (see HeadlessBrowser). */
  @Test
  void theReportRendersInAHeadlessBrowserWithTheNetworkOff() throws Exception {
    String dom =
        HeadlessBrowser.renderOffline(report.resolve("report.html"), workdir.resolve("dom.html"));

    assertThat(dom).contains("data-broken-images=\"0\"");
    assertThat(dom).containsPattern("data-images=\"[5-9]\"");
    assertThat(dom).contains("id=\"classic\"").contains("Accuracy with late data");
    assertThat(dom).contains("id=\"chart-over-time\"").contains("Sampled about once a second");
  }
}
