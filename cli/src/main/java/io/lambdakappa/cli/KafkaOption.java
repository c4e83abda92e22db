package io.lambdakappa.cli;

import io.lambdakappa.runtime.EmbeddedKafka;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --bootstrap-servers}: a real Kafka cluster, or, when left out, the embedded broker of the
 * workspace. If another {@code lk} process is already running that broker ({@code lk broker}, or a
 * long-running command), this one connects to it instead of starting a second one on the same
 * files: the broker's directory lock says so at once, however slowly that broker answers.
 */
final class KafkaOption {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,…]",
      description = "Kafka brokers to use (default: an embedded broker under the workdir).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      defaultValue = KafkaTopics.EVENTS_TOPIC,
      description = "The events topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  int partitions;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Partitions of the topic when it is created (default: ${DEFAULT-VALUE}).")
  void setPartitions(int value) {
    partitions = Ranges.check(command, "--partitions", value, 1, 10_000);
  }

  /** A connection to Kafka; closing it stops the embedded broker if this process started it. */
  record Connection(String bootstrapServers, EmbeddedKafka broker) implements AutoCloseable {
    @Override
    public void close() {
      if (broker != null) {
        broker.close();
      }
    }
  }

  Connection connect(Workspace workspace) {
    if (bootstrapServers != null) {
      KafkaTopics.awaitReachable(bootstrapServers, KafkaTopics.DEFAULT_TIMEOUT);
      return ready(new Connection(bootstrapServers, null));
    }
    Optional<EmbeddedKafka> own = EmbeddedKafka.startUnlessRunning(workspace.kafka(), 0);
    if (own.isPresent()) {
      return ready(new Connection(own.get().bootstrapServers(), own.get()));
    }
    // Another lk process runs this workspace's broker: connect to it, never start a second one.
    return ready(new Connection(EmbeddedKafka.addressOfRunning(workspace.kafka()), null));
  }

  private Connection ready(Connection connection) {
    KafkaTopics.ensureTopic(connection.bootstrapServers(), topic, partitions);
    return connection;
  }
}
