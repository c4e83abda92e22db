package io.lambdakappa.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.lambdakappa.generate.EventSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a CSV (with a header row) or JSON-lines file and writes every row, mapped onto the event
 * contract, to a sink. Lines that are not even JSON are passed on as they are, so the pipeline
 * quarantines them with their reason: an import never drops a row.
 */
public final class EventImporter {

  /** What an import did. */
  public record ImportResult(
      long rows, long timesUnreadable, long rowsWithMissingFields, long unparsable) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventImporter() {}

  public static ImportResult importFile(Path input, ImportMapping mapping, EventSink sink) {
    String name = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".csv")) {
      return importCsv(input, mapping, sink);
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      return importJsonLines(input, mapping, sink);
    }
    throw new IllegalArgumentException(
        "cannot tell the format of " + input + ": expected a .csv, .jsonl, .ndjson or .json file");
  }

  private static ImportResult importCsv(Path input, ImportMapping mapping, EventSink sink) {
    RowMapper mapper = new RowMapper(mapping);
    Tally tally = new Tally();
    CsvMapper csv = new CsvMapper();
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> rows =
        csv.readerForMapOf(String.class).with(header).readValues(input.toFile())) {
      while (rows.hasNext()) {
        tally.add(mapper.map(rows.next()), sink);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
    }
    return tally.result();
  }

  private static ImportResult importJsonLines(Path input, ImportMapping mapping, EventSink sink) {
    RowMapper mapper = new RowMapper(mapping);
    Tally tally = new Tally();
    try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        Map<String, String> row = parseObject(line);
        if (row == null) {
          tally.unparsable(line, sink);
        } else {
          tally.add(mapper.map(row), sink);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + input, e);
    }
    return tally.result();
  }

  /** The object's fields as text, or null if the line is not a JSON object. */
  private static Map<String, String> parseObject(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        return null;
      }
      Map<String, String> row = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              field ->
                  row.put(
                      field.getKey(),
                      field.getValue().isNull()
                          ? null
                          : field.getValue().isValueNode()
                              ? field.getValue().asText()
                              : field.getValue().toString()));
      return row;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static final class Tally {
    long rows;
    long timesUnreadable;
    long missing;
    long unparsable;

    void add(RowMapper.Mapped mapped, EventSink sink) {
      rows++;
      if (mapped.timeUnreadable()) {
        timesUnreadable++;
      }
      if (mapped.fieldMissing()) {
        missing++;
      }
      sink.write(mapped.json());
    }

    void unparsable(String line, EventSink sink) {
      rows++;
      unparsable++;
      sink.write(line);
    }

    ImportResult result() {
      return new ImportResult(rows, timesUnreadable, missing, unparsable);
    }
  }
}
