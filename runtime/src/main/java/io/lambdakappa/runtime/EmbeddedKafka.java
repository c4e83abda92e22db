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
import java.util.Optional;
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

  /** How long a broker another process runs may take to answer before we give up on it. */
  private static final Duration OTHER_BROKER_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path directory;
  private final BrokerLock lock;

  private EmbeddedKafka(
      KafkaRaftServer server, String bootstrapServers, Path directory, BrokerLock lock) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.directory = directory;
    this.lock = lock;
  }

  /** Starts a broker on a free port, with its data in {@code directory}. */
  public static EmbeddedKafka start(Path directory) {
    return start(directory, 0);
  }

  /**
   * Starts a broker with its data in {@code directory}, formatting the storage on first use.
   *
   * @param port the client port, or 0 for a free one
   * @throws IllegalStateException if another process runs the broker of {@code directory}
   */
  public static EmbeddedKafka start(Path directory, int port) {
    return startUnlessRunning(directory, port)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the embedded broker of "
                        + directory
                        + " is already run by process "
                        + BrokerLock.holder(directory)));
  }

  /**
   * Starts the broker of {@code directory} unless another process runs it (see {@link BrokerLock});
   * then empty, and {@link #addressOfRunning} says where to connect.
   */
  public static Optional<EmbeddedKafka> startUnlessRunning(Path directory, int port) {
    Optional<BrokerLock> lock = BrokerLock.tryTake(directory);
    if (lock.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(startLocked(directory, port, lock.get()));
    } catch (RuntimeException e) {
      lock.get().close();
      throw e;
    }
  }

  /**
   * The address of the broker another process runs for {@code directory}, once it answers: it may
   * still be starting, or be stalled for a while (a paused process, a long pause of its collector).
   *
   * @throws IllegalStateException naming the process if it does not answer within a minute
   */
  public static String addressOfRunning(Path directory) {
    Path file = directory.resolve(BOOTSTRAP_FILE);
    long deadline = System.nanoTime() + OTHER_BROKER_TIMEOUT.toNanos();
    while (true) {
      try {
        if (Files.exists(file)) {
          String address = Files.readString(file, StandardCharsets.UTF_8).trim();
          KafkaTopics.awaitReachable(
              address, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
          return address;
        }
      } catch (IOException | KafkaTopics.BrokerUnreachableException e) {
        // fall through to the deadline check
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the embedded broker of "
                + directory
                + " is run by process "
                + BrokerLock.holder(directory)
                + ", which has not answered for "
                + OTHER_BROKER_TIMEOUT.toSeconds()
                + " s; wait for it or stop it (a second broker on the same log would corrupt it)");
      }
      sleep(Duration.ofMillis(200));
    }
  }

  private static EmbeddedKafka startLocked(Path directory, int port, BrokerLock lock) {
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
    return new EmbeddedKafka(server, bootstrap, directory, lock);
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
    } finally {
      lock.close();
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
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
    // A topic that sets a retention of its own (the retention experiment) has it applied within a
    // second, not Kafka's default of five minutes: the check is cheap when nothing expires.
    props.put("log.retention.check.interval.ms", "1000");
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
