package io.lambdakappa.cli;

import io.lambdakappa.compare.CompareResults;
import io.lambdakappa.compare.Comparison;
import io.lambdakappa.compare.ReportWriter;
import io.lambdakappa.compare.Verdict;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lk compare}: the project's main job. Both architectures on one generated dataset, judged
 * against an independent oracle, with a report that puts numbers on the classic comparison table.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lambda and Kappa on the same dataset (history, then a live phase), judges both",
      "against an independent oracle (DuckDB SQL), and writes a report: report.html, report.md,",
      "results.json and charts under <workdir>/reports/<run-id>/."
    })
final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;
  @Mixin DataShapeOptions shape;

  long events;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "200000",
      description = "History records, published before the run (default: ${DEFAULT-VALUE}).")
  void setEvents(long value) {
    events = Ranges.atLeast(spec, "--events", value, 1L);
  }

  @Option(
      names = "--span",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "Event-time span of the history, ending now (default: ${DEFAULT-VALUE}).")
  Duration span;

  double liveRate;

  @Option(
      names = "--live-rate",
      paramLabel = "PER_SECOND",
      defaultValue = "1000",
      description = "Records per second in the live phase (default: ${DEFAULT-VALUE}).")
  void setLiveRate(double value) {
    liveRate = Ranges.positive(spec, "--live-rate", value);
  }

  @Option(
      names = "--live-for",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Length of the live phase (default: ${DEFAULT-VALUE}).")
  Duration liveFor;

  @Option(
      names = "--reprocess-watermark",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description =
          "The watermark Kappa's reprocess uses to recover late events (default: ${DEFAULT-VALUE}).")
  Duration reprocessWatermark;

  long kappaBatchRecords;

  @Option(
      names = "--kappa-batch-records",
      paramLabel = "N",
      defaultValue = "500000",
      description =
          "Records per micro-batch when Kappa replays the log (the history and the reprocess): "
              + "the watermark moves once per micro-batch, so small steps drop late events a one-step "
              + "replay would count (default: ${DEFAULT-VALUE}).")
  void setKappaBatchRecords(long value) {
    kappaBatchRecords = Ranges.atLeast(spec, "--kappa-batch-records", value, 1L);
  }

  @Option(
      names = "--watermark-sweep",
      paramLabel = "DURATIONS",
      split = ",",
      defaultValue = "0s,30s,2m,10m",
      converter = DurationConverter.class,
      description =
          "Watermark delays Kappa replays the log with, to show what lateness costs (default: ${DEFAULT-VALUE}).")
  List<Duration> watermarkSweep;

  long sweepBatchRecords;

  @Option(
      names = "--sweep-batch-records",
      paramLabel = "N",
      defaultValue = "20000",
      description =
          "Records per micro-batch in the sweep's replays: the watermark moves once per micro-batch, "
              + "so this is how often it moves (default: ${DEFAULT-VALUE}).")
  void setSweepBatchRecords(long value) {
    sweepBatchRecords = Ranges.atLeast(spec, "--sweep-batch-records", value, 1L);
  }

  @Option(names = "--no-watermark-sweep", description = "Skip the watermark sweep.")
  boolean noSweep;

  @Option(
      names = "--experiments",
      paramLabel = "NAMES",
      split = ",",
      description =
          "Also run these experiments of the debate on --events records, their other options the "
              + "defaults, and link their reports from this one: exactly-once, retention-cliff, "
              + "merge-boundary (at 200,000 records each adds one to three minutes; `lk experiment NAME` "
              + "runs one with options of its own).")
  List<String> experiments = List.of();

  @Option(
      names = "--from-files",
      paramLabel = "DIR",
      description =
          "Use the JSON-lines files of DIR (from `lk import` or `lk generate`) as the history "
              + "instead of generating one; the live phase is still generated.")
  Path fromFiles;

  Integer livePage;

  @Option(
      names = "--live-page",
      paramLabel = "PORT",
      arity = "0..1",
      fallbackValue = "0",
      description =
          "Serve the classroom page (both architectures and a live oracle, key by key, every "
              + "second) during the live phase and the correction, on PORT of 127.0.0.1 (none given: any "
              + "free one; its address is printed). Off by default: its oracle reads the whole topic on "
              + "the cores the comparison measures.")
  void setLivePage(int port) {
    livePage = Ranges.check(spec, "--live-page", port, 0, Ranges.MAX_PORT);
  }

  @Override
  public Integer call() throws Exception {
    if (liveFor.toSeconds() < 5) {
      throw new ParameterException(
          spec.commandLine(), "the live phase needs --live-for of at least 5s, got " + liveFor);
    }
    if (fromFiles != null && !Files.isDirectory(fromFiles)) {
      throw new ParameterException(spec.commandLine(), "--from-files: no such folder " + fromFiles);
    }
    for (String name : experiments) {
      if (!DebateExperiment.ALL.containsKey(name)) {
        throw new ParameterException(
            spec.commandLine(),
            "--experiments: no experiment "
                + name
                + "; choose from "
                + String.join(", ", DebateExperiment.NAMES));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = workspaceOption.workspace();
    Instant now = Instant.now();
    String runId = RunIds.of(now);
    Workspace run = workspace.within("compare").within(runId);
    Path reports = workspace.reports().resolve(runId);
    GeneratorOptions history = shape.options(events, now.minus(span), span);
    Comparison.Options options =
        new Comparison.Options(
            history,
            fromFiles,
            logicOptions.config(),
            reprocessWatermark,
            liveRate,
            liveFor,
            noSweep ? List.of() : watermarkSweep,
            sweepBatchRecords,
            kafkaOption.partitions,
            kappaBatchRecords,
            livePage);
    out.printf("lk compare %s: both architectures on one dataset; report in %s%n", runId, reports);
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace)) {
      SparkSession spark = sparkOption.session("lk-compare");
      CompareResults results =
          new Comparison(
                  new ArchitectureHarness(
                      spark,
                      run,
                      // A shared database gets a schema per run, as the workdir gets a folder.
                      storeOption.location.inSchema("compare_" + runId.replace('-', '_')),
                      kafka.bootstrapServers(),
                      "compare-" + runId),
                  options,
                  out)
              .run(runId);
      List<ReportWriter.ExperimentLink> links = new ArrayList<>();
      for (String name : experiments) {
        DebateExperiment.Outcome outcome =
            DebateExperiment.withEvents(name, events)
                .runIn(workspace, kafka.bootstrapServers(), spark, runId, out);
        links.add(
            new ReportWriter.ExperimentLink(
                name,
                outcome.story(),
                outcome.holds(),
                reports.relativize(outcome.report()).toString()));
      }
      ReportWriter.write(results, links, reports);
      printSummary(results, reports, out);
      // The report is written either way; the exit code says whether to trust it.
      Verdict verdict = Verdict.of(results.timeline());
      if (!verdict.passed()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lk compare: an architecture is not exact where it must be:");
        verdict.failures().forEach(failure -> err.println("  " + failure.describe()));
        err.flush();
      }
      List<String> failed =
          links.stream()
              .filter(link -> !link.holds())
              .map(ReportWriter.ExperimentLink::name)
              .toList();
      if (!failed.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("lk compare: these experiments do not hold (see their reports): " + failed);
        return 1;
      }
      return verdict.exitCode();
    }
  }

  private static void printSummary(CompareResults results, Path reports, PrintWriter out) {
    out.println();
    out.printf("%-40s | %-60s | %s%n", "", "Lambda", "Kappa");
    for (ReportWriter.Row row : ReportWriter.classicTable(results)) {
      out.printf("%-40s | %-60s | %s%n", row.aspect(), row.lambda(), row.kappa());
    }
    out.printf(
        "%nwall time %.0f s; report: %s%n",
        results.wallTime().toMillis() / 1000.0, reports.resolve("report.html"));
  }
}
