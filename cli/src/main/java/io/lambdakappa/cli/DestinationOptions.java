package io.lambdakappa.cli;

import io.lambdakappa.generate.EventSink;
import io.lambdakappa.generate.FanOutSink;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.DatasetFolder;
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

  /**
   * The open sinks; closing flushes them and stops the embedded broker if one was started. Files
   * are written to a staging folder and replace the previous dataset only on {@link #commit()}: a
   * command that fails half way leaves the previous dataset as it was.
   */
  final class Opened implements AutoCloseable {
    private final EventSink sink;
    private final KafkaOption.Connection kafka;
    private final Path folder;
    private final Path staging;
    private boolean closed;

    private Opened(EventSink sink, KafkaOption.Connection kafka, Path folder, Path staging) {
      this.sink = sink;
      this.kafka = kafka;
      this.folder = folder;
      this.staging = staging;
    }

    EventSink sink() {
      return sink;
    }

    /** Where files that belong with the dataset go before the commit; null if not writing files. */
    Path staging() {
      return staging;
    }

    /** Flushes everything and makes the staged files the dataset of the folder. */
    void commit() {
      closeSinks();
      if (staging != null) {
        DatasetFolder.publish(staging, folder);
      }
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
        closeSinks();
      } finally {
        if (staging != null) {
          DataFiles.deleteRecursively(
              DataPath.of(staging)); // gone after a commit; a failed run's leftovers
        }
      }
    }

    private void closeSinks() {
      if (closed) {
        return;
      }
      closed = true;
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
   * Opens the sinks. Files are staged beside the folder's dataset and replace it on commit (see
   * {@link DatasetFolder}); Kafka is the embedded broker unless {@code --bootstrap-servers} is
   * given.
   */
  Opened open(Workspace workspace) {
    List<EventSink> sinks = new ArrayList<>();
    Path folder = null;
    Path staging = null;
    if (toFiles()) {
      folder = folder(workspace);
      staging = DatasetFolder.staging(folder);
      sinks.add(new JsonLinesFileSink(staging));
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
    return new Opened(new FanOutSink(sinks), kafka, folder, staging);
  }

  /** Whether records go to Kafka, where nothing written can be taken back. */
  boolean toKafka() {
    return destination != Destination.files;
  }
}
