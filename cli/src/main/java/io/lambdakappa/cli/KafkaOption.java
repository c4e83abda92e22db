package io.lambdakappa.cli;

import io.lambdakappa.runtime.EmbeddedKafka;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers}: a real Kafka cluster, or, when left out, the embedded broker of the
 * workspace. If another {@code lk} process is already running that broker ({@code lk broker}, or a
 * long-running command), this one connects to it instead of starting a second one on the same
 * files.
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

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Partitions of the topic when it is created (default: ${DEFAULT-VALUE}).")
  int partitions;

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
    String running = runningEmbeddedBroker(workspace);
    if (running != null) {
      return ready(new Connection(running, null));
    }
    EmbeddedKafka broker = EmbeddedKafka.start(workspace.kafka());
    return ready(new Connection(broker.bootstrapServers(), broker));
  }

  private Connection ready(Connection connection) {
    KafkaTopics.ensureTopic(connection.bootstrapServers(), topic, partitions);
    return connection;
  }

  /** The address another process's embedded broker left in the workspace, if it still answers. */
  private static String runningEmbeddedBroker(Workspace workspace) {
    Path file = workspace.kafka().resolve("bootstrap.servers");
    if (!Files.exists(file)) {
      return null;
    }
    try {
      String address = Files.readString(file, StandardCharsets.UTF_8).trim();
      KafkaTopics.awaitReachable(address, Duration.ofSeconds(3));
      return address;
    } catch (IOException | KafkaTopics.BrokerUnreachableException stale) {
      return null; // left behind by a process that was killed: start our own
    }
  }
}
