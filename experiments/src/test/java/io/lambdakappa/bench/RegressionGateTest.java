package io.lambdakappa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.bench.BenchResults.Figure;
import io.lambdakappa.runtime.JsonFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionGateTest {

  @TempDir Path folder;

  @Test
  void aRatioWithinTheToleranceOfTheBaselinePasses() {
    var checks = RegressionGate.check(run(0.80, 5_000), run(0.65, 9_000), 0.25);

    assertThat(checks).singleElement().satisfies(c -> assertThat(c.regressed()).isFalse());
    assertThat(checks.get(0).change())
        .isCloseTo(-0.1875, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aRatioThatFellPastTheToleranceRegresses() {
    var checks = RegressionGate.check(run(0.80, 5_000), run(0.55, 5_000), 0.25);

    assertThat(checks).singleElement().satisfies(c -> assertThat(c.regressed()).isTrue());
  }

  @Test
  void absoluteFiguresAreNeverGatedBecauseTheyDependOnTheMachine() {
    // The machine got four times slower; the ratio did not move: no regression.
    var checks = RegressionGate.check(run(0.80, 20_000), run(0.80, 5_000), 0.1);

    assertThat(checks).extracting(RegressionGate.Check::name).containsExactly("replay_vs_baseline");
    assertThat(checks.get(0).regressed()).isFalse();
  }

  @Test
  void aGatedFigureMissingFromTheRunIsAnError() {
    BenchResults empty =
        new BenchResults(1, "ci", "b", Instant.EPOCH, Duration.ZERO, null, Workload.CI, List.of());

    assertThatThrownBy(() -> RegressionGate.check(run(0.8, 1), empty, 0.25))
        .hasMessageContaining("replay_vs_baseline");
  }

  @Test
  void resultsSurviveTheirJsonFile() {
    Path file = folder.resolve("bench-results.json");
    JsonFiles.write(file, run(0.75, 12_345));

    BenchResults read = JsonFiles.read(file, BenchResults.class);

    assertThat(read).isEqualTo(run(0.75, 12_345));
    assertThat(read.figure("replay_vs_baseline").orElseThrow().gated()).isTrue();
  }

  private static BenchResults run(double ratio, double eventsPerSecond) {
    return new BenchResults(
        BenchResults.SCHEMA_VERSION,
        "ci",
        "20261124-120000",
        Instant.parse("2026-11-24T12:00:00Z"),
        Duration.ofMinutes(3),
        new BenchResults.Machine(2, 4L << 30, "java 17", "Linux amd64", "4.2.0"),
        Workload.CI,
        List.of(
            Figure.of(
                "replay_events_per_second",
                "events/s",
                List.of(eventsPerSecond),
                "higher",
                250_000.0),
            Figure.of("replay_vs_baseline", "ratio", List.of(ratio, ratio), "higher", 0.9)
                .asGated()));
  }
}
