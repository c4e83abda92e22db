package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk compare}'s verdict is one a CI can act on: when an architecture is not exact where the
 * design promises it, the command exits 1 and names the worst windows, and the report is still
 * written. The fixture is a real misconfiguration, not a doctored answer: Kappa replays the log in
 * steps of 500 records (its watermark moves with every step) and reprocesses with a 0s watermark,
 * so late events are dropped on the history and again in the correction; Lambda is unaffected.
 */
class CompareVerdictIT {

  @TempDir Path workdir;

  @Test
  void anArchitectureThatIsNotExactMakesCompareExitOneNamingItsWorstWindows() throws Exception {
    LkRun run =
        LkRun.of(
            "compare",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "4000",
            "--late-fraction",
            "0.05",
            "--live-rate",
            "200",
            "--live-for",
            "5s",
            "--no-watermark-sweep",
            "--kappa-batch-records",
            "500",
            "--reprocess-watermark",
            "0s");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains("lk compare: an architecture is not exact where it must be")
        .contains("kappa history is not exact")
        .contains("kappa corrected is not exact")
        .containsPattern("k[0-9]+@20[0-9-]+T[0-9:]+Z: served [0-9]+ events")
        .doesNotContain("lambda history is not exact")
        .doesNotContain("lambda corrected is not exact");
    Path report;
    try (Stream<Path> runs = Files.list(workdir.resolve("reports"))) {
      report = runs.findFirst().orElseThrow();
    }
    assertThat(Files.readString(report.resolve("report.md")))
        .contains("Verdict: NOT EXACT")
        .contains("Kappa is still not exact after a reprocess");
  }
}
