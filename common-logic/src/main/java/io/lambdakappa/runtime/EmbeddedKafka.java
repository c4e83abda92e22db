package io.lambdakappa.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Kafka broker in this JVM (KRaft mode: broker and controller in one server),
 * so the project runs with one command and no installed Kafka. It is the same broker code as a
 * production cluster, listening on 127.0.0.1 only.
 *
 * <p>Its log lives under the workspace and is kept forever (no retention): the log is the source of
 * truth of both architectures. Restarting on the same directory reuses the cluster id, so the
 * topics, the offsets and the data are still there.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String CLUSTER_ID_FILE = "cluster.id";
  private static final String BOOTSTRAP_FILE = "bootstrap.servers";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path directory;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path directory) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.directory = directory;
  }

  /** Starts a broker on a free port, with its data in {@code directory}. */
  public static EmbeddedKafka start(Path directory) {
    return start(directory, 0);
  }

  /**
   * Starts a broker with its data in {@code directory}, formatting the storage on first use.
   *
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafka start(Path directory, int port) {
    Path logDir = directory.resolve("log");
    String clusterId = clusterId(directory);
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties props = serverProperties(logDir, brokerPort, controllerPort);
    formatIfNeeded(logDir, clusterId);

    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + brokerPort;
    try {
      KafkaTopics.awaitReachable(bootstrap, STARTUP_TIMEOUT);
      write(directory.resolve(BOOTSTRAP_FILE), bootstrap);
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw e;
    }
    return new EmbeddedKafka(server, bootstrap, directory);
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path directory() {
    return directory;
  }

  /** The cluster id this broker's storage was formatted with. */
  public String clusterId() {
    return clusterId(directory);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    try {
      Files.deleteIfExists(directory.resolve(BOOTSTRAP_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    // One node: every internal topic has a single replica.
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "2");
    // The log is the source of truth: keep it all.
    props.put("log.retention.ms", "-1");
    props.put("log.retention.bytes", "-1");
    return props;
  }

  private static void formatIfNeeded(Path logDir, String clusterId) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setSupportedFeatures(Features.PRODUCTION_FEATURES)
          .setNodeId(1)
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
    }
  }

  /** The cluster id stored beside the log, made on first use and reused ever after. */
  private static String clusterId(Path directory) {
    Path file = directory.resolve(CLUSTER_ID_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String id = Uuid.randomUuid().toString();
      write(file, id);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
