package io.lambdakappa.cli;

import io.lambdakappa.generate.EventSink;
import io.lambdakappa.generate.FanOutSink;
import io.lambdakappa.runtime.JsonLinesFileSink;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --to files|kafka|both} and {@code --output DIR}: where {@code lk generate} and {@code lk
 * import} write records, and the opening and closing of those sinks.
 */
final class DestinationOptions {

  enum Destination {
    files,
    kafka,
    both
  }

  @Mixin KafkaOption kafkaOption;

  @Option(
      names = "--to",
      paramLabel = "WHERE",
      defaultValue = "files",
      description = "files, kafka or both (default: ${DEFAULT-VALUE}).")
  Destination destination;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Folder for the files (default: <workdir>/data).")
  Path output;

  boolean toFiles() {
    return destination != Destination.kafka;
  }

  /** The folder the files go to. */
  Path folder(Workspace workspace) {
    return output != null ? output : workspace.data();
  }

  /** The open sinks; closing flushes them and stops the embedded broker if one was started. */
  final class Opened implements AutoCloseable {
    private final EventSink sink;
    private final KafkaOption.Connection kafka;
    private final Path folder;

    private Opened(EventSink sink, KafkaOption.Connection kafka, Path folder) {
      this.sink = sink;
      this.kafka = kafka;
      this.folder = folder;
    }

    EventSink sink() {
      return sink;
    }

    /** Prints where the records went. */
    void describe(PrintWriter out) {
      if (folder != null) {
        out.printf("  files: %s%n", folder);
      }
      if (kafka != null) {
        out.printf("  topic: %s at %s%n", kafkaOption.topic, kafka.bootstrapServers());
      }
    }

    @Override
    public void close() {
      try {
        sink.close();
      } finally {
        if (kafka != null) {
          kafka.close();
        }
      }
    }
  }

  /**
   * Opens the sinks. Files replace an earlier dataset in the same folder (see {@link
   * DatasetFolder}); Kafka is the embedded broker unless {@code --bootstrap-servers} is given.
   */
  Opened open(Workspace workspace) {
    List<EventSink> sinks = new ArrayList<>();
    Path folder = null;
    if (toFiles()) {
      folder = folder(workspace);
      DatasetFolder.clear(folder);
      sinks.add(new JsonLinesFileSink(folder));
    }
    KafkaOption.Connection kafka = null;
    if (destination != Destination.files) {
      kafka = kafkaOption.connect(workspace);
      try {
        sinks.add(new KafkaEventSink(kafka.bootstrapServers(), kafkaOption.topic));
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
    }
    return new Opened(new FanOutSink(sinks), kafka, folder);
  }
}
