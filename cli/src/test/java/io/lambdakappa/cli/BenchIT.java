package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.bench.BenchResults;
import io.lambdakappa.bench.Workload;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk bench} end to end on a small workload: every figure measured, the file's schema, and
 * the gate failing the run (exit code 3) against a baseline whose ratios it cannot reach.
 */
class BenchIT {

  static final List<String> FIGURES =
      List.of(
          "batch_archive_events_per_second",
          "batch_recompute_events_per_second",
          "baseline_parquet_events_per_second",
          "batch_recompute_vs_baseline",
          "kappa_one_step_replay_events_per_second",
          "kappa_replay_events_per_second",
          "baseline_kafka_events_per_second",
          "baseline_streaming_replay_events_per_second",
          "kappa_replay_vs_baseline",
          "kappa_replay_vs_streaming_baseline",
          "serving_lambda_p50",
          "serving_lambda_p99",
          "serving_lambda_requests_per_second",
          "serving_kappa_p50",
          "serving_kappa_p99",
          "serving_kappa_requests_per_second",
          "speed_layer_latency_p50",
          "speed_layer_latency_p99",
          "baseline_speed_layer_latency_p50",
          "baseline_speed_layer_latency_p99",
          "speed_layer_latency_vs_baseline",
          "kappa_latency_p50",
          "kappa_latency_p99",
          "baseline_kappa_latency_p50",
          "baseline_kappa_latency_p99",
          "kappa_latency_vs_baseline",
          "peak_heap",
          "peak_rss");

  @TempDir static Path workdir;
  static LkRun run;
  static JsonNode results;

  @BeforeAll
  static void bench() throws Exception {
    Path baseline = workdir.resolve("unreachable-baseline.json");
    JsonFiles.write(baseline, unreachableBaseline());
    Path output = workdir.resolve("bench-results.json");
    run =
        LkRun.of(
            "bench",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "20000",
            "--warmup-runs",
            "0",
            "--runs",
            "1",
            "--live-for",
            "3s",
            "--serving-for",
            "2s",
            "--output",
            output.toString(),
            "--baseline",
            baseline.toString());
    assertThat(output).as("what lk bench printed: %s", run.err()).exists();
    results = JsonFiles.mapper().readTree(output.toFile());
  }

  @Test
  void everyFigureIsMeasuredAndWritten() {
    assertThat(results.get("schema_version").asInt()).isEqualTo(1);
    assertThat(results.get("workload").asText()).isEqualTo("ci");
    assertThat(results.at("/settings/events").asLong()).isEqualTo(20_000);
    assertThat(results.at("/machine/cores").asInt()).isPositive();
    List<String> names = new ArrayList<>();
    for (JsonNode figure : results.get("figures")) {
      names.add(figure.get("name").asText());
      assertThat(figure.get("median").asDouble()).as(figure.toString()).isPositive().isFinite();
      assertThat(figure.get("runs")).as(figure.toString()).isNotEmpty();
      if (!figure.get("target").isNull()) {
        assertThat(figure.get("meets_target").isBoolean()).as(figure.toString()).isTrue();
      }
    }
    assertThat(names).containsExactlyElementsOf(FIGURES);
    // Percentiles are ordered (no timing is asserted: the machine is shared).
    assertThat(figure("serving_kappa_p99").get("median").asDouble())
        .isGreaterThanOrEqualTo(figure("serving_kappa_p50").get("median").asDouble());
    assertThat(figure("kappa_latency_p99").get("median").asDouble())
        .isGreaterThanOrEqualTo(figure("kappa_latency_p50").get("median").asDouble());
    // Each architecture is served twice, once before the other and once after (A B B A): a p99
    // per phase, and the figure's over both phases' requests lies between them.
    for (String architecture : List.of("lambda", "kappa")) {
      JsonNode p99 = figure("serving_" + architecture + "_p99");
      assertThat(p99.get("runs")).as(p99.toString()).hasSize(2);
      double low = Math.min(p99.at("/runs/0").asDouble(), p99.at("/runs/1").asDouble());
      double high = Math.max(p99.at("/runs/0").asDouble(), p99.at("/runs/1").asDouble());
      assertThat(p99.get("median").asDouble()).as(p99.toString()).isBetween(low, high);
    }
  }

  @Test
  void onlyTheRatiosToTheBaselinesOfTheSameRunAreGated() {
    List<String> gated = new ArrayList<>();
    for (JsonNode figure : results.get("figures")) {
      if (figure.get("gated").asBoolean()) {
        gated.add(figure.get("name").asText());
      }
    }
    assertThat(gated)
        .containsExactly(
            "batch_recompute_vs_baseline",
            "kappa_replay_vs_baseline",
            "speed_layer_latency_vs_baseline",
            "kappa_latency_vs_baseline");
  }

  @Test
  void aRatioFarBelowTheBaselineFailsTheRunWithExitCodeThree() {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(BenchCommand.REGRESSED);
    assertThat(run.out()).contains("kappa_replay_vs_baseline").contains("REGRESSED");
  }

  private static JsonNode figure(String name) {
    for (JsonNode figure : results.get("figures")) {
      if (figure.get("name").asText().equals(name)) {
        return figure;
      }
    }
    throw new AssertionError("no figure " + name);
  }

  /** A baseline in which the pipelines ran a hundred times faster than the raw baseline. */
  private static BenchResults unreachableBaseline() {
    List<BenchResults.Figure> figures = new ArrayList<>();
    for (String name : List.of("batch_recompute_vs_baseline", "kappa_replay_vs_baseline")) {
      figures.add(
          new BenchResults.Figure(name, "ratio", 100, List.of(100.0), "higher", 0.9, true, true));
    }
    Workload ci = Workload.CI;
    Workload small =
        new Workload(
            ci.name(),
            20_000,
            ci.span(),
            0,
            1,
            ci.liveRate(),
            ci.liveWarmup(),
            Duration.ofSeconds(3),
            ci.servingRate(),
            ci.servingClients(),
            ci.servingWarmup(),
            Duration.ofSeconds(2));
    return new BenchResults(
        BenchResults.SCHEMA_VERSION,
        "ci",
        "unreachable",
        Instant.EPOCH,
        Duration.ZERO,
        null,
        small,
        figures);
  }
}
