package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.runtime.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One {@code lk experiment NAME} run that must succeed, with its report folder (the only one under
 * {@code workdir/reports}) and its {@code results.json}.
 */
record ExperimentRun(LkRun run, Path report, JsonNode results) {

  static ExperimentRun of(Path workdir, String... args) throws Exception {
    LkRun run = LkRun.of(args);
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    Path report;
    try (Stream<Path> runs = Files.list(workdir.resolve("reports"))) {
      report = runs.findFirst().orElseThrow();
    }
    return new ExperimentRun(
        run, report, JsonFiles.mapper().readTree(report.resolve("results.json").toFile()));
  }
}
