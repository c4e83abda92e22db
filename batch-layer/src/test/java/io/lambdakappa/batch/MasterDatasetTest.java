package io.lambdakappa.batch;

import static io.lambdakappa.logic.EventSchema.EVENTS;
import static io.lambdakappa.logic.EventSchema.REASON;
import static io.lambdakappa.logic.EventSchema.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.LoggedRecords;
import io.lambdakappa.runtime.RawArchive;
import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda's master dataset keeps records, not events: what came in is archived byte for byte, judged
 * only by the recompute, and judged again by the next logic. No broker: records reach the archive
 * as Spark's Kafka source would hand them over, or from files.
 */
class MasterDatasetTest {

  private static final String TOPIC = "events";
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path workdir;

  private final SparkSession spark = SharedSpark.get();

  @Test
  void keepsEveryRecordByteForByteWithItsOffsetAndLogTime() {
    List<byte[]> values =
        List.of(
            // An extra field the contract does not know: kept, not dropped on the way in.
            utf8(
                "{\"event_id\":\"a\",\"event_time\":\"2026-01-01T00:00:10Z\",\"user_id\":\"u\","
                    + "\"key\":\"k\",\"event_type\":\"view\",\"value\":1,\"campaign\":\"x\"}"),
            // Odd whitespace: tabs, a space before a colon, a trailing carriage return.
            utf8(
                "{ \"event_id\" :\t\"b\", \"event_time\":\"2026-01-01T00:00:20Z\", \"user_id\":"
                    + "\"u\",\"key\":\"k\",\"event_type\":\"view\",\"value\": 2 }  \r"),
            // A byte-order mark inside a Kafka value, and bytes that are not UTF-8 at all.
            concat(BOM, utf8(Events.view("u", "k", "2026-01-01T00:00:30Z", "3"))),
            new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'},
            utf8("not json at all"),
            new byte[0]);
    MasterDataset master = new MasterDataset(DataPath.of(workdir.resolve("master")));

    new RawArchive(DataPath.of(workdir.resolve("master")))
        .append(spark, TOPIC, Map.of(0, 0L), Map.of(0, 6L), Map.of(), kafkaRecords(values));

    List<Row> archived = master.logged(spark).orderBy(LoggedRecords.OFFSET).collectAsList();
    assertThat(archived).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      Row row = archived.get(i);
      assertThat((byte[]) row.getAs(LoggedRecords.BYTES))
          .as("record %d", i)
          .isEqualTo(values.get(i));
      assertThat(row.<Long>getAs(LoggedRecords.OFFSET)).isEqualTo(i);
      assertThat(row.<Integer>getAs(LoggedRecords.PARTITION)).isZero();
      assertThat(row.<Timestamp>getAs(LoggedRecords.LOG_TIME)).isEqualTo(logTime(i));
    }
    assertThat(master.ranges()).singleElement().extracting("records").isEqualTo(6L);
    // The logic reads them as the stream does: the same source, the same arrival.
    Row first = master.records(spark).orderBy(SOURCE).first();
    assertThat(first.<String>getAs(SOURCE)).isEqualTo("events/0@0");
  }

  @Test
  void keepsEachLineOfAFileByteForByteAndReadsItWithoutTheFilesByteOrderMark() throws Exception {
    Path files = Files.createDirectories(workdir.resolve("history"));
    String first = Events.view("alice", "home", "2026-01-01T00:00:10Z", "1");
    String second = "  " + Events.view("bob", "home", "2026-01-01T00:00:20Z", "2") + "\t\r";
    byte[] content = concat(BOM, utf8(first + "\n" + second + "\n"));
    Files.write(files.resolve("part-0.jsonl"), content);
    MasterDataset master = new MasterDataset(DataPath.of(workdir.resolve("master")));

    master.appendFiles(spark, files);

    List<Row> archived = master.logged(spark).orderBy(LoggedRecords.LINE).collectAsList();
    assertThat((byte[]) archived.get(0).getAs(LoggedRecords.BYTES))
        .isEqualTo(concat(BOM, utf8(first)));
    assertThat((byte[]) archived.get(1).getAs(LoggedRecords.BYTES)).isEqualTo(utf8(second));
    assertThat(archived.get(1).<String>getAs(LoggedRecords.FILE)).isEqualTo("part-0.jsonl");
    assertThat(archived.get(1).<Long>getAs(LoggedRecords.LINE)).isEqualTo(2L);
    // The mark belongs to the file, not to its first record (docs/data-contract.md): both count.
    EventPipeline.Output output =
        new EventPipeline(LogicConfig.defaults()).apply(master.records(spark));
    assertThat(output.quarantined().count()).isZero();
    assertThat(output.metrics().agg(functions.sum(EVENTS)).first().getLong(0)).isEqualTo(2);
  }

  @Test
  void aRecordRefusedByOneLogicIsArchivedRawAndCountedByTheNextRecompute() {
    MasterDataset master = new MasterDataset(DataPath.of(workdir.resolve("master")));
    BatchViewCatalog catalog = new BatchViewCatalog(DataPath.of(workdir.resolve("views")));
    String small = Events.view("alice", "home", "2026-01-01T00:00:10Z", "40");
    String large = Events.view("bob", "home", "2026-01-01T00:00:20Z", "500"); // over v1's cap
    new RawArchive(DataPath.of(workdir.resolve("master")))
        .append(
            spark,
            TOPIC,
            Map.of(0, 0L),
            Map.of(0, 2L),
            Map.of(),
            kafkaRecords(List.of(utf8(small), utf8(large))));

    // Logic v1 caps value at 100 (the cap in the wrong unit): the large purchase is refused.
    BatchViewManifest v1 =
        new BatchViewBuilder(new EventPipeline(LogicConfig.defaults().withMaxValue(100)))
            .build(spark, master, catalog, TOPIC);
    assertThat(v1.counted()).isEqualTo(1);
    assertThat(v1.quarantined()).isEqualTo(1);
    List<Row> refused = spark.read().parquet(v1.quarantinePath()).collectAsList();
    assertThat(refused)
        .singleElement()
        .extracting(row -> row.getAs(REASON))
        .isEqualTo("VALUE_OVERFLOW");

    // The fix is a new logic and one recompute: the same raw record is judged again, and counted.
    BatchViewManifest v2 =
        new BatchViewBuilder(new EventPipeline(LogicConfig.defaults()))
            .build(spark, master, catalog, TOPIC);
    assertThat(v2.version()).isEqualTo(v1.version() + 1);
    assertThat(v2.read()).isEqualTo(2);
    assertThat(v2.counted()).isEqualTo(2);
    assertThat(v2.quarantined()).isZero();
    assertThat(
            spark.read().parquet(v2.path()).agg(functions.sum("value_sum")).first().getDecimal(0))
        .isEqualByComparingTo("540");
    // v1's quarantine is v1's: versioned with its view, untouched by v2.
    assertThat(spark.read().parquet(v1.quarantinePath()).count()).isEqualTo(1);
  }

  @Test
  void aMasterDatasetOfTypedEventsFromAnOlderLkIsRefusedWithWhatToDo() throws Exception {
    // The layout before the archive kept raw records: validated events and a quarantine.
    Path master = workdir.resolve("master");
    Files.createDirectories(master.resolve("events/archive=000001"));
    Files.createDirectories(master.resolve("ranges"));
    Files.writeString(
        master.resolve("ranges/1.json"),
        "{\"id\":1,\"topic\":\"events\",\"from\":{\"0\":0},\"to\":{\"0\":10},"
            + "\"events\":9,\"quarantined\":1,\"archived_at\":\"2026-11-24T10:00:00Z\"}");

    assertThatThrownBy(() -> new MasterDataset(DataPath.of(master)).ranges())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds typed events")
        .hasMessageContaining("delete it (or the whole workdir) and archive the topic again");
  }

  /** Rows as Spark's Kafka source gives them to the archive: partition 0, offsets from 0. */
  private Dataset<Row> kafkaRecords(List<byte[]> values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      rows.add(RowFactory.create(values.get(i), TOPIC, 0, (long) i, logTime(i), null, null));
    }
    return spark.createDataFrame(rows, LoggedRecords.LOGGED);
  }

  private static Timestamp logTime(int offset) {
    return Timestamp.from(Instant.parse("2026-01-01T00:01:00Z").plusSeconds(offset));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
