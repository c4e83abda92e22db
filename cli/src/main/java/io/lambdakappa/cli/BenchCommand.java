package io.lambdakappa.cli;

import io.lambdakappa.bench.BenchResults;
import io.lambdakappa.bench.BenchRun;
import io.lambdakappa.bench.RegressionGate;
import io.lambdakappa.bench.Workload;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lk bench}: the benchmark CI runs. Measures every figure of {@link BenchRun} on a seeded
 * workload, writes {@code bench-results.json}, and with {@code --baseline} fails (exit code 3) when
 * a ratio to the raw baseline has regressed by more than the tolerance.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark both architectures on a fixed, seeded workload, with a raw Spark baseline in the",
      "same run; writes bench-results.json; --baseline gates on the pipeline/baseline ratios.",
      "Exit codes: 0 ok, 1 failed, 2 bad usage, 3 a gated ratio regressed past the tolerance."
    })
final class BenchCommand implements Callable<Integer> {

  /** The exit code of a regression, apart from failures (1) and usage errors (2). */
  static final int REGRESSED = 3;

  enum WorkloadName {
    ci,
    full
  }

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;

  @Option(
      names = "--workload",
      paramLabel = "NAME",
      defaultValue = "ci",
      description =
          "ci (a few minutes on 2 cores) or full (10M events) (default: ${DEFAULT-VALUE}).")
  WorkloadName workloadName;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      defaultValue = "bench-results.json",
      description = "Where to write the results (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "A committed bench-results.json to compare the gated ratios with.")
  Path baseline;

  @Option(
      names = "--tolerance",
      paramLabel = "F",
      defaultValue = "0.2",
      description =
          "How far a gated ratio may fall below the baseline's, as a fraction (default: ${DEFAULT-VALUE}).")
  void setTolerance(double value) {
    if (!(value > 0 && value < 1)) { // NaN fails too
      throw new ParameterException(
          spec.commandLine(), "--tolerance must be between 0 and 1, got " + value);
    }
    tolerance = value;
  }

  double tolerance;

  @Option(
      names = "--update-baseline",
      description = "Write this run's results to the --baseline file instead of comparing.")
  boolean updateBaseline;

  Long events;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Override the workload's number of history records.")
  void setEvents(long value) {
    events = Ranges.atLeast(spec, "--events", value, 1L);
  }

  Integer runs;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Override the workload's measured throughput runs.")
  void setRuns(int value) {
    runs = Ranges.atLeast(spec, "--runs", value, 1);
  }

  Integer warmupRuns;

  @Option(
      names = "--warmup-runs",
      paramLabel = "N",
      description = "Override the workload's warm-up throughput runs.")
  void setWarmupRuns(int value) {
    warmupRuns = Ranges.atLeast(spec, "--warmup-runs", value, 0);
  }

  @Option(
      names = "--live-for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Override how long each live latency run is measured.")
  Duration liveFor;

  @Option(
      names = "--serving-for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Override how long each serving load run is measured.")
  Duration servingFor;

  @Override
  public Integer call() throws Exception {
    Workload workload = workload();
    if (updateBaseline && baseline == null) {
      throw new ParameterException(spec.commandLine(), "--update-baseline needs --baseline FILE");
    }
    BenchResults then = null;
    if (baseline != null && !updateBaseline) {
      if (!Files.isRegularFile(baseline)) {
        throw new ParameterException(
            spec.commandLine(),
            "--baseline: no such file "
                + baseline
                + " (create it with --baseline "
                + baseline
                + " --update-baseline)");
      }
      then = JsonFiles.read(baseline, BenchResults.class);
      if (!then.workload().equals(workload.name())) {
        throw new ParameterException(
            spec.commandLine(),
            "--baseline holds a '"
                + then.workload()
                + "' run, this is a '"
                + workload.name()
                + "' one");
      }
      if (then.settings() != null && then.settings().events() != workload.events()) {
        // The ratios depend on the data size (fixed costs weigh less on more events).
        throw new ParameterException(
            spec.commandLine(),
            String.format(
                "--baseline ran on %,d events, this run on %,d: ratios only compare on the same"
                    + " data",
                then.settings().events(), workload.events()));
      }
    }

    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = workspaceOption.workspace();
    String runId = RunIds.of(Instant.now());
    Workspace run = workspace.within("bench").within(runId);
    out.printf(
        "lk bench %s: workload %s (%,d events)%n", runId, workload.name(), workload.events());
    BenchResults results;
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace)) {
      results =
          new BenchRun(
                  new ArchitectureHarness(
                      sparkOption.session("lk-bench"),
                      run,
                      // A shared database gets a schema per run, as the workdir gets a folder.
                      storeOption.location.inSchema("bench_" + runId.replace('-', '_')),
                      kafka.bootstrapServers(),
                      "bench-" + runId),
                  workload,
                  kafkaOption.partitions,
                  out)
              .run(runId);
    }
    JsonFiles.write(output, results);
    printFigures(results, out);
    out.printf("results: %s%n", output.toAbsolutePath());
    if (updateBaseline) {
      JsonFiles.write(baseline, results);
      out.printf("baseline updated: %s%n", baseline);
      return 0;
    }
    if (then == null) {
      return 0;
    }
    return gate(RegressionGate.check(then, results, tolerance), out);
  }

  private Workload workload() {
    Workload base = workloadName == WorkloadName.full ? Workload.FULL : Workload.CI;
    Workload w =
        new Workload(
            base.name(),
            events != null ? events : base.events(),
            base.span(),
            warmupRuns != null ? warmupRuns : base.warmupRuns(),
            runs != null ? runs : base.measuredRuns(),
            base.liveRate(),
            base.liveWarmup(),
            liveFor != null ? liveFor : base.liveFor(),
            base.servingRate(),
            base.servingClients(),
            base.servingWarmup(),
            servingFor != null ? servingFor : base.servingFor());
    if (w.liveFor().toSeconds() < 1 || w.servingFor().toSeconds() < 1) {
      throw new ParameterException(
          spec.commandLine(), "--live-for and --serving-for must be at least 1s");
    }
    return w;
  }

  private int gate(List<RegressionGate.Check> checks, PrintWriter out) {
    out.printf("%nagainst %s (tolerance %.0f%%):%n", baseline, 100 * tolerance);
    boolean regressed = false;
    for (RegressionGate.Check check : checks) {
      out.printf(
          "  %-34s %8.3f → %8.3f  %+6.1f%%  %s%n",
          check.name(),
          check.baseline(),
          check.current(),
          100 * check.change(),
          check.regressed() ? "REGRESSED" : "ok");
      regressed |= check.regressed();
    }
    return regressed ? REGRESSED : 0;
  }

  private static void printFigures(BenchResults results, PrintWriter out) {
    out.println();
    out.printf("%-40s %14s %-10s %12s  %s%n", "figure", "median", "unit", "target", "");
    for (BenchResults.Figure f : results.figures()) {
      out.printf(
          "%-40s %14s %-10s %12s  %s%n",
          f.name(),
          "ratio".equals(f.unit())
              ? String.format("%.3f", f.median())
              : String.format("%,.1f", f.median()),
          f.unit(),
          f.target() == null ? "" : ("higher".equals(f.better()) ? "≥ " : "≤ ") + f.target(),
          f.meetsTarget() == null ? "" : f.meetsTarget() ? "met" : "missed");
    }
  }
}
