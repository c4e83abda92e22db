package io.lambdakappa.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdakappa.generate.EventSink;
import io.lambdakappa.logic.EventValidation;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.testing.RawRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventImporterTest {

  @TempDir Path temp;

  private final List<ImportReject> rejects = new ArrayList<>();

  private static final ImportMapping SHOP_CSV =
      new ImportMapping(
          "ts",
          "yyyy-MM-dd HH:mm:ss",
          ZoneId.of("Europe/Paris"),
          "page",
          "visitor",
          "amount",
          null,
          null);

  private static final class ListSink implements EventSink {
    final List<String> records = new ArrayList<>();

    @Override
    public void write(String json) {
      records.add(json);
    }

    @Override
    public void close() {}
  }

  @Test
  void mapsACsvWithItsOwnColumnNamesAndLocalTimesOntoTheContract() throws IOException {
    Path csv = temp.resolve("shop.csv");
    Files.writeString(
        csv,
        """
        ts,page,visitor,amount
        2026-03-01 10:00:05,/home,v1,12.50
        2026-03-01 10:00:09,/cart,v2,3
        """);
    ListSink sink = new ListSink();

    EventImporter.ImportResult result = EventImporter.importFile(csv, SHOP_CSV, sink, rejects::add);

    assertThat(result.rows()).isEqualTo(2);
    assertThat(sink.records.get(0))
        .contains("\"event_time\":\"2026-03-01T09:00:05Z\"")
        .contains("\"key\":\"/home\"")
        .contains("\"user_id\":\"v1\"")
        .contains("\"value\":12.50")
        .contains("\"event_type\":\"event\"")
        .containsPattern("\"event_id\":\"imp-[0-9a-f]{24}\"");
    List<Row> valid =
        new EventValidation(LogicConfig.defaults())
            .validate(RawRecords.of(sink.records))
            .events()
            .collectAsList();
    assertThat(valid).hasSize(2);
  }

  @Test
  void aByteOrderMarkBeforeTheHeaderOrTheFirstLineIsNotPartOfTheData() throws IOException {
    // As Excel saves "CSV UTF-8": the mark stuck to the first column's name, and every row was
    // kept aside as MISSING_FIELD.
    Path csv = temp.resolve("excel.csv");
    Files.writeString(csv, "\uFEFFts,page,visitor,amount\n2026-03-01 10:00:05,/home,v1,12.50\n");
    Path jsonl = temp.resolve("marked.jsonl");
    Files.writeString(
        jsonl,
        "\uFEFF{\"ts\":\"2026-03-01 10:00:05\",\"page\":\"/home\",\"visitor\":\"v1\","
            + "\"amount\":1}\n");
    ListSink sink = new ListSink();

    EventImporter.ImportResult fromCsv =
        EventImporter.importFile(csv, SHOP_CSV, sink, rejects::add);
    EventImporter.ImportResult fromJson =
        EventImporter.importFile(jsonl, SHOP_CSV, sink, rejects::add);

    assertThat(rejects).isEmpty();
    assertThat(fromCsv.imported()).isEqualTo(1);
    assertThat(fromJson.imported()).isEqualTo(1);
    assertThat(sink.records).allSatisfy(record -> assertThat(record).contains("\"key\":\"/home\""));
  }

  @Test
  void derivedIdsAreTheSameOnEveryImport() throws IOException {
    Path csv = temp.resolve("again.csv");
    Files.writeString(csv, "ts,page,visitor,amount\n2026-03-01 10:00:05,/home,v1,1\n");
    ListSink first = new ListSink();
    ListSink second = new ListSink();

    EventImporter.importFile(csv, SHOP_CSV, first, rejects::add);
    EventImporter.importFile(csv, SHOP_CSV, second, rejects::add);

    assertThat(first.records).isEqualTo(second.records);
  }

  @Test
  void rowsThatCannotBeMappedAreKeptAsideWithTheirLineAndReason() throws IOException {
    Path jsonl = temp.resolve("clicks.jsonl");
    Files.writeString(
        jsonl,
        """
        {"id":"a","when":1772359205000,"page":"/home","who":"v1","amount":2}
        {"id":"b","when":"last tuesday","page":"/home","who":"v1","amount":2}
        {"id":"c","when":1772359205000,"page":"/home","amount":2}
        not json at all
        {"id":"d","when":1772359205000,"page":"/home","who":"v1","amount":"lots"}
        {"id":"e","when":1772359205000,"page":"/a","who":"v1"} {"id":"f","when":1772359205000}
        {"id":"g","when":1772359205000,"page":"/home","who":"","amount":-1}
        """);
    ImportMapping mapping =
        new ImportMapping(
            "when", "epoch-millis", ZoneId.of("UTC"), "page", "who", "amount", "id", null);
    ListSink sink = new ListSink();

    EventImporter.ImportResult result =
        EventImporter.importFile(jsonl, mapping, sink, rejects::add);

    // a and g are events (g's anonymous user and negative value are the pipeline's to judge).
    assertThat(result).isEqualTo(new EventImporter.ImportResult(7, 2, 1, 1, 1, 2));
    assertThat(sink.records).hasSize(2);
    assertThat(rejects)
        .extracting(ImportReject::line, ImportReject::reason)
        .containsExactly(
            tuple(2L, "TIME_UNREADABLE"),
            tuple(3L, "MISSING_FIELD"),
            tuple(4L, "UNPARSABLE"),
            tuple(5L, "BAD_VALUE"),
            tuple(6L, "UNPARSABLE"));
    assertThat(rejects.get(0).message()).contains("when").contains("last tuesday");
    assertThat(rejects.get(2).raw()).isEqualTo("not json at all");
  }

  /**
   * A time the pattern cannot read is not passed on for a later parser to read in another zone:
   * {@code 8:46} is not {@code HH:mm}, and Spark would have read it as 08:46 UTC, an hour off.
   */
  @Test
  void aTimeThePatternCannotReadIsRejectedNotLeftForALenientParser() throws IOException {
    Path csv = temp.resolve("retail.csv");
    Files.writeString(
        csv,
        """
        ts,page,visitor,amount
        2011-06-01 08:46:00,/a,v1,1
        2011-06-01 8:46:00,/a,v1,1
        """);
    ImportMapping london =
        new ImportMapping(
            "ts",
            "yyyy-MM-dd HH:mm:ss",
            ZoneId.of("Europe/London"),
            "page",
            "visitor",
            "amount",
            null,
            null);
    ListSink sink = new ListSink();

    EventImporter.importFile(csv, london, sink, rejects::add);

    assertThat(sink.records).singleElement().asString().contains("2011-06-01T07:46:00Z");
    assertThat(rejects).extracting(ImportReject::line).containsExactly(3L);
    assertThat(rejects.get(0).reason()).isEqualTo("TIME_UNREADABLE");
    assertThat(rejects.get(0).raw()).contains("8:46:00");
  }

  @Test
  void aFileThatIsNotItsFormatStopsTheImportNamingTheLine() throws IOException {
    Path extraCell = temp.resolve("extra.csv");
    Files.writeString(
        extraCell,
        "ts,page,visitor,amount\n2026-03-01 10:00:05,/home,v1,1\n2026-03-01 10:00:06,/a,v1,1,9\n");
    assertThatThrownBy(() -> EventImporter.importFile(extraCell, SHOP_CSV, new ListSink(), r -> {}))
        .isInstanceOf(EventImporter.ImportFailedException.class)
        .hasMessageContaining("extra.csv line 3")
        .hasMessageContaining("nothing was imported");

    Path badByte = temp.resolve("latin1.csv");
    byte[] head = "ts,page,visitor,amount\n2026-03-01 10:00:05,/caf".getBytes();
    byte[] tail = ",v1,1\n".getBytes();
    byte[] bytes = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xE9; // é in Latin-1: not UTF-8
    System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
    Files.write(badByte, bytes);
    assertThatThrownBy(() -> EventImporter.importFile(badByte, SHOP_CSV, new ListSink(), r -> {}))
        .isInstanceOf(EventImporter.ImportFailedException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void aBadTimePatternIsRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                new ImportMapping(
                    "ts", "yyyy-qq-ZZZZZZZ", ZoneId.of("UTC"), "k", "u", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time format 'yyyy-qq-ZZZZZZZ'");
  }
}
