package io.lambdakappa.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lambdakappa.generate.EventSink;
import io.lambdakappa.importer.EventImporter;
import io.lambdakappa.importer.ImportMapping;
import io.lambdakappa.importer.ImportReject;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.Workspace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
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
      "Times become ISO-8601 UTC. Rows that cannot be mapped are kept aside with their line and",
      "reason; a file that cannot be read as its format changes nothing."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin DestinationOptions destinationOptions;

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
    if (destinationOptions.toKafka()) {
      // What reaches Kafka cannot be taken back: a file that would stop the import half way must
      // stop it before the first record is sent, so the whole file is read once first.
      EventImporter.importFile(input, mapping, DISCARD, reject -> {});
    }
    EventImporter.ImportResult result;
    Path rejectsFile;
    DestinationOptions.Opened destination = destinationOptions.open(workspace);
    try (destination) {
      rejectsFile =
          (destination.staging() != null ? destination.staging() : workspace.root())
              .resolve(EventImporter.REJECTS_FILE);
      try (RejectsWriter rejects = new RejectsWriter(rejectsFile)) {
        result = EventImporter.importFile(input, mapping, destination.sink(), rejects::write);
      }
      destination.commit();
    }
    if (destination.staging() != null) {
      rejectsFile = destinationOptions.folder(workspace).resolve(EventImporter.REJECTS_FILE);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("imported %,d of %,d rows from %s%n", result.imported(), result.rows(), input);
    long rejected = result.rows() - result.imported();
    out.printf(
        "  %,d kept aside with their line and reason in %s: %,d with an unreadable time, %,d with"
            + " a missing column, %,d with a value that is not a number, %,d not one JSON"
            + " object%n",
        rejected,
        rejectsFile,
        result.timesUnreadable(),
        result.missingFields(),
        result.badValues(),
        result.unparsable());
    destination.describe(out);
    return 0;
  }

  private static final EventSink DISCARD =
      new EventSink() {
        @Override
        public void write(String json) {}

        @Override
        public void close() {}
      };

  /** The import's rejects as JSON lines. */
  private static final class RejectsWriter implements AutoCloseable {
    private static final ObjectWriter ONE_LINE =
        JsonFiles.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private final BufferedWriter writer;

    RejectsWriter(Path file) {
      try {
        Files.createDirectories(file.getParent());
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }

    void write(ImportReject reject) {
      try {
        writer.write(ONE_LINE.writeValueAsString(reject));
        writer.newLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
