package io.lambdakappa.cli;

import io.lambdakappa.generate.EventSink;
import io.lambdakappa.generate.FanOutSink;
import io.lambdakappa.importer.EventImporter;
import io.lambdakappa.importer.ImportMapping;
import io.lambdakappa.runtime.JsonLinesFileSink;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lk import}: brings an existing CSV or JSON-lines dataset onto the event contract. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Maps an existing CSV (with a header) or JSON-lines file onto the event schema.",
      "Rows that cannot be mapped are kept as they are, for the pipelines to quarantine and count."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin KafkaOption kafkaOption;

  @Parameters(paramLabel = "FILE", description = "A .csv, .jsonl or .ndjson file.")
  Path input;

  @Option(
      names = "--time-column",
      required = true,
      paramLabel = "NAME",
      description = "Column holding the event time.")
  String timeColumn;

  @Option(
      names = "--time-format",
      paramLabel = "FORMAT",
      defaultValue = "iso",
      description =
          "iso, epoch-millis, epoch-seconds or a pattern like 'yyyy-MM-dd HH:mm:ss' (default: ${DEFAULT-VALUE}).")
  String timeFormat;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description = "Time zone of times without one (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(
      names = "--key-column",
      required = true,
      paramLabel = "NAME",
      description = "Column to group by (a page, product, campaign…).")
  String keyColumn;

  @Option(
      names = "--user-column",
      required = true,
      paramLabel = "NAME",
      description = "Column identifying the user.")
  String userColumn;

  @Option(
      names = "--value-column",
      paramLabel = "NAME",
      description = "Column of the amount (default: every row counts 1).")
  String valueColumn;

  @Option(
      names = "--id-column",
      paramLabel = "NAME",
      description = "Column of a unique event id (default: derived from the row's content).")
  String idColumn;

  @Option(
      names = "--type-column",
      paramLabel = "NAME",
      description = "Column of the event type (default: \"event\").")
  String typeColumn;

  @Option(
      names = "--to",
      paramLabel = "WHERE",
      defaultValue = "files",
      description = "files, kafka or both (default: ${DEFAULT-VALUE}).")
  Destination destination;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Folder for the mapped files (default: <workdir>/data).")
  Path output;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(input)) {
      throw new ParameterException(spec.commandLine(), "no such file: " + input);
    }
    ImportMapping mapping;
    try {
      mapping =
          new ImportMapping(
              timeColumn,
              timeFormat,
              zone,
              keyColumn,
              userColumn,
              valueColumn,
              idColumn,
              typeColumn);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Workspace workspace = workspaceOption.workspace();
    Path folder = output != null ? output : workspace.data();
    KafkaOption.Connection kafka = destination.toKafka() ? kafkaOption.connect(workspace) : null;
    EventImporter.ImportResult result;
    try {
      List<EventSink> sinks = new ArrayList<>();
      if (destination.toFiles()) {
        DatasetFolder.clear(folder);
        sinks.add(new JsonLinesFileSink(folder));
      }
      if (kafka != null) {
        sinks.add(new KafkaEventSink(kafka.bootstrapServers(), kafkaOption.topic));
      }
      try (FanOutSink sink = new FanOutSink(sinks)) {
        result = EventImporter.importFile(input, mapping, sink);
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("imported %,d rows from %s%n", result.rows(), input);
    out.printf(
        "  %,d with an unreadable time, %,d with a missing field, %,d not JSON: kept for the quarantine%n",
        result.timesUnreadable(), result.rowsWithMissingFields(), result.unparsable());
    if (destination.toFiles()) {
      out.printf("  files: %s%n", folder);
    }
    return 0;
  }
}
