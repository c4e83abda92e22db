package io.lambdakappa.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.ArchivedRange;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.SqlViewStore;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.KafkaRecords;
import io.lambdakappa.testing.Oracle;
import io.lambdakappa.testing.SharedKafka;
import io.lambdakappa.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLayerIT {

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path workdir;

  private final String bootstrap = SharedKafka.get().bootstrapServers();
  private final EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());
  private String topic;
  private BatchLayer batchLayer;

  @BeforeEach
  void freshTopic() {
    topic = "batch-" + TOPICS.incrementAndGet();
    KafkaTopics.ensureTopic(bootstrap, topic, 1);
    batchLayer =
        new BatchLayer(
            SharedSpark.get(),
            pipeline,
            new MasterDataset(DataPath.of(workdir.resolve("master"))),
            new BatchViewCatalog(DataPath.of(workdir.resolve("views"))),
            2);
  }

  @Test
  void aBatchViewEqualsTheOracleOverEverythingArchived() {
    // Late events too: a batch sees everything at once and drops nothing.
    List<GeneratedRecord> records = GeneratedData.records(1, 3_000, START, 0.05);
    KafkaRecords.publish(bootstrap, topic, records);

    BatchLayer.Run run = batchLayer.run(bootstrap, topic, Set.of());

    assertThat(run.view().horizon()).isEqualTo(Map.of(0, 3_000L));
    assertServedEqualsOracle(run.view(), records);
  }

  @Test
  void anArchiveRerunAfterACrashNeitherRepeatsNorSkipsARange() throws IOException {
    List<GeneratedRecord> first = GeneratedData.records(2, 1_000, START, 0);
    KafkaRecords.publish(bootstrap, topic, first);
    batchLayer.run(bootstrap, topic, Set.of());
    List<GeneratedRecord> second = GeneratedData.records(3, 500, START.plusSeconds(1_000), 0);
    KafkaRecords.publish(bootstrap, topic, second);
    // A crash mid-archive: files of archive 2 written, its range never committed.
    Path partial = workdir.resolve("master/records/archive-000002");
    Files.createDirectories(partial);
    Files.writeString(partial.resolve("part-00000-crashed.parquet"), "half a file");

    BatchLayer.Run rerun = batchLayer.run(bootstrap, topic, Set.of());

    MasterDataset master = batchLayer.master();
    assertThat(master.ranges()).hasSize(2);
    assertThat(master.ranges().get(1).from()).isEqualTo(Map.of(0, 1_000L));
    assertThat(master.ranges().get(1).to()).isEqualTo(Map.of(0, 1_500L));
    assertThat(master.ranges().stream().mapToLong(ArchivedRange::records).sum()).isEqualTo(1_500);
    List<GeneratedRecord> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    assertServedEqualsOracle(rerun.view(), all);
    // Nothing new: a third run archives nothing.
    assertThat(master.archive(SharedSpark.get(), bootstrap, topic)).isEmpty();
  }

  @Test
  void aCrashBetweenAViewsFilesAndItsManifestLeavesThePreviousViewServed() {
    KafkaRecords.publish(bootstrap, topic, GeneratedData.records(4, 1_000, START, 0));
    BatchViewManifest v1 = batchLayer.run(bootstrap, topic, Set.of()).view();
    KafkaRecords.publish(
        bootstrap, topic, GeneratedData.records(5, 1_000, START.plusSeconds(1_000), 0));
    batchLayer.master().archive(SharedSpark.get(), bootstrap, topic);

    // The files of v2 are written, then the process dies before the manifest.
    BatchViewManifest v2 =
        new BatchViewBuilder(pipeline)
            .build(SharedSpark.get(), batchLayer.master(), batchLayer.catalog(), topic);

    assertThat(v2.version()).isEqualTo(2);
    assertThat(Files.isDirectory(DataPath.parse(v2.path()).local())).isTrue();
    assertThat(batchLayer.catalog().latest()).contains(v1);
    // The next run publishes a new version past the orphaned files.
    BatchViewManifest v3 = batchLayer.run(bootstrap, topic, Set.of()).view();
    assertThat(v3.version()).isEqualTo(3);
    assertThat(batchLayer.catalog().latest().orElseThrow().horizon()).isEqualTo(Map.of(0, 2_000L));
  }

  @Test
  void retentionKeepsTheLastVersionsButNeverTheOneInUse() {
    KafkaRecords.publish(bootstrap, topic, GeneratedData.records(6, 200, START, 0));
    for (int run = 0; run < 4; run++) {
      batchLayer.run(bootstrap, topic, Set.of(1L));
    }

    assertThat(batchLayer.catalog().published())
        .extracting(BatchViewManifest::version)
        .containsExactly(1L, 3L, 4L);
    assertThat(batchLayer.catalog().dataFolder(2).local()).doesNotExist();
  }

  /** Every window of the batch view, read back from its files, equals the oracle's. */
  private void assertServedEqualsOracle(BatchViewManifest view, List<GeneratedRecord> records) {
    try (ViewStore store = SqlViewStore.duckDb(workdir.resolve("store/lk.duckdb"))) {
      Map<String, Oracle.Expected> expected =
          Oracle.of(records, records.size(), Duration.ofMinutes(1), Set.of());
      List<WindowMetrics> rows = ParquetViews.read(DataPath.parse(view.path()).local());
      for (WindowMetrics row : rows) {
        String cell = row.key() + "@" + row.windowStart();
        assertThat(Oracle.matches(row, expected.get(cell)))
            .as("%s: served %s, expected %s", cell, row, expected.get(cell))
            .isTrue();
      }
      assertThat(rows).hasSize(expected.size());
    }
  }
}
