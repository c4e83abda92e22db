package io.lambdakappa.cli;

import io.lambdakappa.lambda.LambdaProcess;
import io.lambdakappa.live.LiveOracle;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.Durations;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lk lambda run}: the whole Lambda architecture in one process on the embedded default: the
 * broker, a generator feeding the topic at a rate, the speed layer, the batch layer every so often,
 * and the serving API, with a status line. Ctrl-C stops it cleanly; running it again resumes from
 * the checkpoints.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lambda live: broker, generator, speed layer, batch layer every --batch-every, and the",
      "serving API. Ctrl-C stops it; a restart resumes from the checkpoints."
    })
final class LambdaRunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;
  @Mixin LiveOptions live;
  @Mixin LiveTraffic traffic;

  @Option(
      names = "--batch-every",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How often the batch layer recomputes (default: ${DEFAULT-VALUE}).")
  Duration batchEvery;

  int keep;

  @Option(
      names = "--keep",
      paramLabel = "N",
      defaultValue = "3",
      description = "Batch view versions to keep (default: ${DEFAULT-VALUE}).")
  void setKeep(int value) {
    keep = Ranges.atLeast(spec, "--keep", value, 2);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = workspaceOption.workspace();
    Foreground foreground = new Foreground();
    SparkSession spark = sparkOption.session("lk-lambda-run");
    LogicConfig logic = logicOptions.config();
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace);
        LiveOracle oracle =
            live.startOracle(kafka.bootstrapServers(), kafkaOption.topic, logic.window());
        LambdaProcess lambda =
            LambdaProcess.start(
                workspace,
                storeOption.location,
                spark,
                new EventPipeline(logic),
                kafka.bootstrapServers(),
                kafkaOption.topic,
                keep,
                live.port,
                LiveOptions.references(oracle))) {
      Thread generator = traffic.start(workspace, kafka.bootstrapServers(), kafkaOption.topic, out);
      out.printf(
          "lambda running: topic %s at %s, API %s, batch every %s; Ctrl-C stops%n",
          kafkaOption.topic,
          kafka.bootstrapServers(),
          lambda.apiAddress(),
          Durations.format(batchEvery));
      out.printf("the classroom page: %s/live%n", lambda.apiAddress());
      out.flush();
      long[] nextBatch = {System.nanoTime() + batchEvery.toNanos()};
      long[] nextStatus = {0};
      try {
        foreground.run(
            Duration.ofSeconds(1),
            live.runFor,
            () -> {
              boolean batchDue = System.nanoTime() >= nextBatch[0];
              lambda.tick(batchDue, out);
              if (batchDue) {
                nextBatch[0] = System.nanoTime() + batchEvery.toNanos();
              }
              if (System.nanoTime() >= nextStatus[0]) {
                out.println(lambda.statusLine());
                out.flush();
                nextStatus[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
              }
            });
      } finally {
        LiveTraffic.stop(generator);
      }
      out.println("lambda stopped; run it again to resume");
    } finally {
      foreground.released();
    }
    return 0;
  }
}
