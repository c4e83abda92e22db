package io.lambdakappa.cli;

import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.kappa.KappaProcess;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.kappa.KappaVersion;
import io.lambdakappa.live.LiveOracle;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.Durations;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.StreamingViewSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lk kappa run}: the Kappa pipeline. The served version's query reads the topic from the
 * start (or resumes from its checkpoint), catches up with the history, and goes on live; the API
 * serves its view. With {@code --until-caught-up} it processes what the topic holds and stops.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Kappa: one streaming query over the whole topic, history first, then live, with the",
      "serving API. Ctrl-C stops it; a restart resumes from the checkpoint."
    })
final class KappaRunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;
  @Mixin KappaOptions kappaOptions;
  @Mixin LiveOptions live;
  @Mixin LiveTraffic traffic;

  @Option(
      names = "--until-caught-up",
      description =
          "Process what the topic holds now as a bounded stream (Trigger.AvailableNow), report "
              + "and stop: Kappa's answer to a batch job. No live traffic is generated.")
  boolean untilCaughtUp;

  @Override
  public Integer call() throws Exception {
    if (untilCaughtUp && spec.commandLine().getParseResult().hasMatchedOption("--rate")) {
      throw new ParameterException(
          spec.commandLine(), "--rate makes no sense with --until-caught-up, which stops");
    }
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = workspaceOption.workspace();
    LogicConfig logic = logicInForce(workspace);
    Foreground foreground = new Foreground();
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace);
        LiveOracle oracle =
            untilCaughtUp
                ? null
                : live.startOracle(kafka.bootstrapServers(), kafkaOption.topic, logic.window());
        KappaProcess kappa =
            KappaProcess.start(
                workspace,
                storeOption.location,
                sparkOption.session("lk-kappa-run"),
                kafka.bootstrapServers(),
                kafkaOption.topic,
                logic,
                untilCaughtUp ? Trigger.AvailableNow() : Trigger.ProcessingTime(0),
                kappaOptions.maxBatchRecords,
                live.port,
                LiveOptions.references(oracle))) {
      long version = kappa.pipeline().served().generation();
      if (untilCaughtUp) {
        long started = System.nanoTime();
        kappa.awaitBoundedRun(Duration.ofSeconds(1));
        printBoundedRun(kappa, version, Duration.ofNanos(System.nanoTime() - started), out);
        return 0;
      }
      Thread generator = traffic.start(workspace, kafka.bootstrapServers(), kafkaOption.topic, out);
      out.printf(
          "kappa running: %s from topic %s at %s, API %s; Ctrl-C stops%n",
          KappaServing.tableName(version),
          kafkaOption.topic,
          kafka.bootstrapServers(),
          kappa.apiAddress());
      out.printf("the classroom page: %s/live%n", kappa.apiAddress());
      out.flush();
      try {
        runLive(kappa, foreground, live.runFor, out);
      } finally {
        LiveTraffic.stop(generator);
      }
      out.println(kappa.statusLine());
      out.println("kappa stopped; run it again to resume");
    } finally {
      foreground.released();
    }
    return 0;
  }

  /** Ticks until Ctrl-C or {@code limit}, with a status line every five seconds. */
  static void runLive(KappaProcess kappa, Foreground foreground, Duration limit, PrintWriter out)
      throws Exception {
    long[] nextStatus = {0};
    foreground.run(
        Duration.ofSeconds(1),
        limit,
        () -> {
          kappa.tick().ifPresent(reprocess -> KappaProcess.print(reprocess, out));
          if (!kappa.catchingUp() && System.nanoTime() >= nextStatus[0]) {
            out.println(kappa.statusLine());
            out.flush();
            nextStatus[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
          }
        });
  }

  /** The logic as the options that give it. */
  private static String options(LogicConfig logic) {
    String options =
        "--window "
            + Durations.format(logic.window())
            + " --watermark "
            + Durations.format(logic.watermarkDelay());
    if (!logic.maxTimeAhead().equals(LogicConfig.DEFAULT_MAX_TIME_AHEAD)) {
      options += " --max-time-ahead " + Durations.format(logic.maxTimeAhead());
    }
    if (logic.maxValue() != LogicConfig.defaults().maxValue()) {
      options += " --max-value " + logic.maxValue();
    }
    return options;
  }

  /**
   * The logic this run serves with: the options as given for a first version, else the served
   * version's, which the options may repeat but not change. A version keeps the logic it was built
   * with: changing it means a new version, which is what {@code lk kappa reprocess} makes.
   */
  private LogicConfig logicInForce(Workspace workspace) {
    Optional<KappaVersion> current;
    try (ViewStore store = storeOption.location.open(workspace)) {
      current =
          store
              .servedGeneration(KappaServing.VIEW)
              .flatMap(KappaPipeline.versions(workspace)::version);
    }
    if (current.isEmpty()) {
      return logicOptions.config(); // the first version takes the options as given
    }
    LogicConfig served = current.get().logic();
    long version = current.get().version();
    LogicConfig asked = logicOptions.over(served);
    if (!asked.equals(served)) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "%s runs with %s; a version never changes its logic. To change it, reprocess: lk"
                  + " kappa reprocess %s",
              KappaServing.tableName(version), options(served), options(asked)));
    }
    return served;
  }

  private static void printBoundedRun(
      KappaProcess kappa, long version, Duration took, PrintWriter out) {
    StreamingViewSummary figures = kappa.summary(version);
    out.printf(
        "%s caught up: %,d records in %d micro-batches, %.1f s (%,.0f events/s)%n",
        KappaServing.tableName(version),
        figures.inputRows(),
        figures.microBatches(),
        took.toMillis() / 1000.0,
        figures.inputRows() / Math.max(0.001, took.toMillis() / 1000.0));
    out.printf(
        "quarantined %,d, duplicates removed %,d, dropped as late %,d; committed up to %s%n",
        figures.quarantined(),
        figures.duplicates(),
        figures.droppedLate(),
        figures.committedOffsets());
    out.println("query it: lk query --arch kappa --key KEY --from ISO_TIME --to ISO_TIME");
  }
}
