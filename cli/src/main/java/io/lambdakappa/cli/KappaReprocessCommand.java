package io.lambdakappa.cli;

import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.kappa.KappaProcess;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.Durations;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lk kappa reprocess}: Kappa's way of changing the logic. Version {@code N+1} replays the
 * topic from offset 0 with the new options beside the live version {@code N}, which keeps serving;
 * when {@code N+1} has caught up the served version switches atomically, {@code N} is dropped, and
 * the command reports the replay time and the extra storage of the overlap.
 */
@Command(
    name = "reprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Replays the topic into a new version with the given logic options (the served version's",
      "options otherwise) beside the live version, switches when it has caught up, drops the",
      "old version and exits. Ctrl-C (or --for) aborts and leaves the old version serving."
    })
final class KappaReprocessCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;
  @Mixin KappaOptions kappaOptions;
  @Mixin LiveOptions live;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = workspaceOption.workspace();
    Foreground foreground = new Foreground();
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace);
        KappaProcess kappa =
            KappaProcess.start(
                workspace,
                storeOption.location,
                sparkOption.session("lk-kappa-reprocess"),
                kafka.bootstrapServers(),
                kafkaOption.topic,
                logicOptions.config(),
                Trigger.ProcessingTime(0),
                kappaOptions.maxBatchRecords,
                live.port,
                List.of())) {
      KappaPipeline pipeline = kappa.pipeline();
      long old = pipeline.served().generation();
      LogicConfig logic = logicOptions.over(pipeline.logicOf(old));
      warnIfTheLogLostItsStart(kafka.bootstrapServers(), out);
      long next = pipeline.reprocess(logic).generation();
      out.printf(
          "reprocessing: %s replays the topic with --window %s --watermark %s beside %s, which"
              + " keeps serving; API %s%n",
          KappaServing.tableName(next),
          Durations.format(logic.window()),
          Durations.format(logic.watermarkDelay()),
          KappaServing.tableName(old),
          kappa.apiAddress());
      out.flush();
      AtomicReference<KappaPipeline.Reprocess> finished = new AtomicReference<>();
      foreground.runUntil(
          Duration.ofSeconds(1),
          live.runFor,
          () -> {
            kappa.tick().ifPresent(finished::set);
            return finished.get() != null;
          });
      if (finished.get() == null) {
        pipeline.abortReprocess();
        out.printf(
            "reprocess aborted before %s caught up: %s still serves, untouched%n",
            KappaServing.tableName(next), KappaServing.tableName(old));
        return 1;
      }
      KappaProcess.print(finished.get(), out);
      out.println(kappa.statusLine());
    } finally {
      foreground.released();
    }
    return 0;
  }

  /**
   * A replay from the start of a topic reads from wherever the topic now starts, and Spark reports
   * no loss for records deleted before the query began: say it here, before the replay.
   */
  private void warnIfTheLogLostItsStart(String bootstrapServers, PrintWriter out) {
    Map<Integer, Long> start = KafkaOffsets.earliest(bootstrapServers, kafkaOption.topic);
    long deleted = start.values().stream().mapToLong(Long::longValue).sum();
    if (deleted > 0) {
      out.printf(
          "warning: topic %s no longer holds its first %,d records (its partitions start at %s:"
              + " retention deleted them): the new version can only count what the topic still"
              + " holds. Lambda's master dataset, or an archive replayed first (Kappa+), keeps"
              + " them: docs/experiments.md, the retention cliff.%n",
          kafkaOption.topic, deleted, start);
      out.flush();
    }
  }
}
