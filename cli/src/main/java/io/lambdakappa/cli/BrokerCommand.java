package io.lambdakappa.cli;

import io.lambdakappa.runtime.EmbeddedKafka;
import io.lambdakappa.runtime.KafkaTopics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lk broker}: runs the workspace's embedded Kafka broker in the foreground until Ctrl-C, so
 * that several {@code lk} commands (and any Kafka tool) can share one log.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded Kafka broker (KRaft, 127.0.0.1) until Ctrl-C.",
      "Other lk commands with the same --workdir find and use it."
    })
final class BrokerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;

  int port;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Client port on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE}).")
  void setPort(int value) {
    port = Ranges.check(spec, "--port", value, 0, Ranges.MAX_PORT);
  }

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      defaultValue = KafkaTopics.EVENTS_TOPIC,
      description = "Topic to create (default: ${DEFAULT-VALUE}).")
  String topic;

  int partitions;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Its partitions (default: ${DEFAULT-VALUE}).")
  void setPartitions(int value) {
    partitions = Ranges.check(spec, "--partitions", value, 1, 10_000);
  }

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka broker = EmbeddedKafka.start(workspaceOption.workspace().kafka(), port);
    KafkaTopics.ensureTopic(broker.bootstrapServers(), topic, partitions);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                }));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Kafka broker up at %s (cluster %s, data in %s); Ctrl-C stops it%n",
        broker.bootstrapServers(), broker.clusterId(), broker.directory());
    out.flush();
    stopped.await();
    return 0;
  }
}
