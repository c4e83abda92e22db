package io.lambdakappa.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.generate.EventSink;
import io.lambdakappa.logic.EventSchema;
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

    EventImporter.ImportResult result = EventImporter.importFile(csv, SHOP_CSV, sink);

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
  void derivedIdsAreTheSameOnEveryImport() throws IOException {
    Path csv = temp.resolve("again.csv");
    Files.writeString(csv, "ts,page,visitor,amount\n2026-03-01 10:00:05,/home,v1,1\n");
    ListSink first = new ListSink();
    ListSink second = new ListSink();

    EventImporter.importFile(csv, SHOP_CSV, first);
    EventImporter.importFile(csv, SHOP_CSV, second);

    assertThat(first.records).isEqualTo(second.records);
  }

  @Test
  void rowsThatCannotBeMappedAreKeptForTheQuarantineNotDropped() throws IOException {
    Path jsonl = temp.resolve("clicks.jsonl");
    Files.writeString(
        jsonl,
        """
        {"id":"a","when":1772359205000,"page":"/home","who":"v1","amount":2}
        {"id":"b","when":"last tuesday","page":"/home","who":"v1","amount":2}
        {"id":"c","when":1772359205000,"page":"/home","amount":2}
        not json at all
        """);
    ImportMapping mapping =
        new ImportMapping(
            "when", "epoch-millis", ZoneId.of("UTC"), "page", "who", "amount", "id", null);
    ListSink sink = new ListSink();

    EventImporter.ImportResult result = EventImporter.importFile(jsonl, mapping, sink);

    assertThat(result).isEqualTo(new EventImporter.ImportResult(4, 1, 1, 1));
    assertThat(sink.records).hasSize(4);
    List<String> reasons =
        new EventValidation(LogicConfig.defaults())
            .validate(RawRecords.of(sink.records)).quarantined().collectAsList().stream()
                .map(row -> row.<String>getAs(EventSchema.REASON))
                .sorted()
                .toList();
    assertThat(reasons).containsExactly("MALFORMED_JSON", "MISSING_FIELD", "WRONG_TYPE");
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
