package io.lambdakappa.cli;

import io.lambdakappa.lambda.LambdaProcess;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lk lambda speed}: the speed layer and the serving API on their own, for a broker and a
 * batch layer run elsewhere ({@code lk lambda batch} with the same workdir publishes views; this
 * process picks each new one up and switches to it when its generation has caught up).
 */
@Command(
    name = "speed",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the speed layer and the serving API until Ctrl-C. Batch views published by",
      "`lk lambda batch` in the same workdir are picked up as they appear."
    })
final class LambdaSpeedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;
  @Mixin LiveOptions live;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = workspaceOption.workspace();
    Foreground foreground = new Foreground();
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace);
        LambdaProcess lambda =
            LambdaProcess.start(
                workspace,
                storeOption.location,
                sparkOption.session("lk-lambda-speed"),
                new EventPipeline(logicOptions.config()),
                kafka.bootstrapServers(),
                kafkaOption.topic,
                3,
                live.port,
                List.of())) {
      out.printf("speed layer running, API %s; Ctrl-C stops%n", lambda.apiAddress());
      long[] nextStatus = {0};
      foreground.run(
          Duration.ofSeconds(1),
          live.runFor,
          () -> {
            lambda.tick(false, out);
            if (System.nanoTime() >= nextStatus[0]) {
              out.println(lambda.statusLine());
              out.flush();
              nextStatus[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
          });
    } finally {
      foreground.released();
    }
    return 0;
  }
}
