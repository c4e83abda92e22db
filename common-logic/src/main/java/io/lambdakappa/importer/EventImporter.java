package io.lambdakappa.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.lambdakappa.generate.EventSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a CSV (with a header row) or JSON-lines file and writes every row, mapped onto the event
 * contract, to a sink. A row that cannot be mapped goes to the rejects, with its line and reason
 * ({@link ImportReject}): an import never drops a row, and never guesses. A file that cannot be
 * read at all (an unbalanced quote, a row with more cells than the header, bytes that are not
 * UTF-8) stops the import with an {@link ImportFailedException} naming the line; the caller writes
 * nothing in that case (files are staged, Kafka is written only after a dry run).
 */
public final class EventImporter {

  /** Where an import keeps the rows it could not map, beside the dataset (one JSON per line). */
  public static final String REJECTS_FILE = "import-rejected.ndjson";

  /**
   * What an import did: {@code rows = imported + timesUnreadable + missingFields + badValues +
   * unparsable}.
   */
  public record ImportResult(
      long rows,
      long imported,
      long timesUnreadable,
      long missingFields,
      long badValues,
      long unparsable) {}

  /** The input cannot be read as its format: nothing of it should be kept. */
  public static final class ImportFailedException extends RuntimeException {
    ImportFailedException(Path input, long line, String problem, Throwable cause) {
      super(input + " line " + line + ": " + problem + "; nothing was imported", cause);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventImporter() {}

  public static ImportResult importFile(
      Path input, ImportMapping mapping, EventSink sink, Consumer<ImportReject> rejects) {
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    Tally tally = new Tally(new RowMapper(mapping), sink, rejects);
    if (name.endsWith(".csv")) {
      importCsv(input, tally);
    } else if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      importJsonLines(input, tally);
    } else {
      throw new IllegalArgumentException(
          "cannot tell the format of "
              + input
              + ": expected a .csv, .jsonl, .ndjson or .json file");
    }
    return tally.result();
  }

  private static void importCsv(Path input, Tally tally) {
    CsvMapper csv = new CsvMapper();
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    long line = 1;
    try (InputStream bytes = Files.newInputStream(input);
        MappingIterator<Map<String, String>> rows =
            csv.readerForMapOf(String.class)
                .with(header)
                .readValues(withoutByteOrderMark(new InputStreamReader(bytes, strictUtf8())))) {
      while (rows.hasNextValue()) {
        // A row's first token is where the row before it ended: the row starts on the next line.
        line = rows.getParser().currentTokenLocation().getLineNr() + 1;
        Map<String, String> row = rows.nextValue();
        tally.add(line, row, JSON.writeValueAsString(row));
      }
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
      throw new ImportFailedException(input, at, e.getOriginalMessage(), e);
    } catch (CharacterCodingException e) {
      throw new ImportFailedException(input, line + 1, "bytes that are not UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
    }
  }

  private static void importJsonLines(Path input, Tally tally) {
    long line = 0;
    try (BufferedReader reader =
        new BufferedReader(
            withoutByteOrderMark(
                new InputStreamReader(Files.newInputStream(input), strictUtf8())))) {
      String text;
      while ((text = reader.readLine()) != null) {
        line++;
        Map<String, String> row = parseObject(text);
        if (row == null) {
          tally.reject(line, "UNPARSABLE", "not one JSON object", text);
        } else {
          tally.add(line, row, text);
        }
      }
    } catch (CharacterCodingException e) {
      throw new ImportFailedException(input, line + 1, "bytes that are not UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + input, e);
    }
  }

  /**
   * The text without the byte-order mark some editors put first (Excel saves "CSV UTF-8" with one):
   * left in, it would stick to the first column's name, or make the first line no JSON.
   */
  private static Reader withoutByteOrderMark(Reader text) throws IOException {
    PushbackReader reader = new PushbackReader(text, 1);
    int first = reader.read();
    if (first != -1 && first != '\uFEFF') {
      reader.unread(first);
    }
    return reader;
  }

  /** A decoder that fails on a malformed byte instead of replacing it silently. */
  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The object's fields as text, or null if the line is not exactly one JSON object. */
  private static Map<String, String> parseObject(String line) {
    try (JsonParser parser = JSON.createParser(line)) {
      JsonNode node = JSON.readTree(parser);
      if (node == null || !node.isObject() || parser.nextToken() != null) {
        return null; // not an object, or something after it (two objects glued on one line)
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
    } catch (IOException e) {
      return null;
    }
  }

  private static final class Tally {
    private final RowMapper mapper;
    private final EventSink sink;
    private final Consumer<ImportReject> rejects;
    private final Map<String, Long> rejected = new TreeMap<>();
    private long rows;
    private long imported;

    Tally(RowMapper mapper, EventSink sink, Consumer<ImportReject> rejects) {
      this.mapper = mapper;
      this.sink = sink;
      this.rejects = rejects;
    }

    void add(long line, Map<String, String> row, String raw) {
      RowMapper.Mapped mapped = mapper.map(row);
      if (mapped.problem() != null) {
        reject(line, mapped.problem(), mapped.message(), raw);
        return;
      }
      rows++;
      imported++;
      sink.write(mapped.json());
    }

    void reject(long line, String reason, String message, String raw) {
      rows++;
      rejected.merge(reason, 1L, Long::sum);
      rejects.accept(new ImportReject(line, reason, message, raw));
    }

    ImportResult result() {
      return new ImportResult(
          rows,
          imported,
          rejected.getOrDefault("TIME_UNREADABLE", 0L),
          rejected.getOrDefault("MISSING_FIELD", 0L),
          rejected.getOrDefault("BAD_VALUE", 0L),
          rejected.getOrDefault("UNPARSABLE", 0L));
    }
  }
}
