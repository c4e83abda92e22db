package io.lambdakappa.cli;

import io.lambdakappa.importer.EventImporter;
import io.lambdakappa.importer.ImportMapping;
import java.io.PrintWriter;
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
      "Rows that cannot be mapped are kept as they are, for the pipelines to quarantine and count."
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
    EventImporter.ImportResult result;
    DestinationOptions.Opened destination = destinationOptions.open(workspaceOption.workspace());
    try (destination) {
      result = EventImporter.importFile(input, mapping, destination.sink());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("imported %,d rows from %s%n", result.rows(), input);
    out.printf(
        "  %,d with an unreadable time, %,d with a missing field, %,d not JSON: kept for the quarantine%n",
        result.timesUnreadable(), result.rowsWithMissingFields(), result.unparsable());
    destination.describe(out);
    return 0;
  }
}
