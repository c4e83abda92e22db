package io.lambdakappa.cli;

import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.harness.ExperimentResults;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.StoreLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * One experiment of the debate as both {@code lk experiment NAME} and a part of {@code lk compare
 * --experiments NAME}: the command parses its options, {@link #runIn} runs it on a broker and a
 * Spark session it is given, and says what it found.
 */
interface DebateExperiment<R extends ExperimentResults> {

  /** What one experiment found, for its command's exit code and for the comparison's report. */
  record Outcome(String name, String story, boolean holds, Path report) {}

  /** Every experiment, by its command's name, each with its default options. */
  Map<String, Supplier<DebateExperiment<?>>> ALL =
      Map.of(
          "bad-deploy", BadDeployCommand::new,
          "exactly-once", ExactlyOnceCommand::new,
          "retention-cliff", RetentionCliffCommand::new,
          "merge-boundary", MergeBoundaryCommand::new);

  List<String> NAMES = List.of("bad-deploy", "retention-cliff", "merge-boundary", "exactly-once");

  /**
   * The experiment named {@code name} on {@code events} records, its other options the defaults, as
   * its command would parse them.
   */
  static DebateExperiment<?> withEvents(String name, long events) {
    DebateExperiment<?> experiment = ALL.get(name).get();
    new CommandLine(experiment).parseArgs("--events", Long.toString(events));
    return experiment;
  }

  /**
   * What {@code lk experiment NAME} does once its options are checked: runs it on the broker and
   * the Spark session the options say, and exits 1 with {@code failure} if it does not hold.
   */
  static int runAsCommand(
      DebateExperiment<?> experiment,
      CommandLine.Model.CommandSpec spec,
      WorkspaceOption workspaceOption,
      KafkaOption kafkaOption,
      SparkOption sparkOption,
      String failure)
      throws Exception {
    Workspace workspace = workspaceOption.workspace();
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace)) {
      Outcome outcome =
          experiment.runIn(
              workspace,
              kafka.bootstrapServers(),
              sparkOption.session("lk-experiment"),
              RunIds.of(java.time.Instant.now()),
              spec.commandLine().getOut());
      if (!outcome.holds()) {
        spec.commandLine().getErr().println(failure);
        return 1;
      }
      return 0;
    }
  }

  /**
   * Runs the experiment in {@code workspace} on the broker at {@code bootstrapServers}: its data,
   * topic and views are its own ({@code experiments/<runId>-NAME/}, topic {@code NAME-<runId>},
   * {@link #store}), its report goes to {@code reports/<runId>-NAME/}, and what it found is printed
   * on {@code out} and returned.
   */
  default Outcome runIn(
      Workspace workspace,
      String bootstrapServers,
      SparkSession spark,
      String runId,
      PrintWriter out)
      throws Exception {
    String name = name();
    Path reports = workspace.reports().resolve(runId + "-" + name);
    out.printf("lk experiment %s %s: report in %s%n", name, runId, reports);
    R results =
        run(
            new ArchitectureHarness(
                spark,
                workspace.within("experiments").within(runId + "-" + name),
                store(runId),
                bootstrapServers,
                name + "-" + runId),
            runId,
            out);
    report(results, reports);
    out.println();
    out.println(results.story());
    out.printf("%nreport: %s%n", reports.resolve("report.html"));
    return new Outcome(name, results.story(), results.holds(), reports);
  }

  /** The experiment's name: its command's. */
  default String name() {
    return getClass().getAnnotation(Command.class).name();
  }

  /** Where this run's views go: a schema of its own in a shared database, or the workdir's file. */
  StoreLocation store(String runId);

  /** The experiment itself, with its options, on its own harness. */
  R run(ArchitectureHarness harness, String runId, PrintWriter out) throws Exception;

  /** Writes the report of {@code results} into {@code folder}. */
  void report(R results, Path folder);
}
