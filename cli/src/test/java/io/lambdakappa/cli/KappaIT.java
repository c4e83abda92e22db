package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.SqlViewStore;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.testing.ExactlyOnce;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.KafkaRecords;
import io.lambdakappa.testing.Oracle;
import io.lambdakappa.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kappa through the {@code lk} commands a user types, on one topic shared with Lambda: the two
 * architectures must agree with each other and with the oracle, and reprocessing must be the way to
 * change the logic.
 */
class KappaIT {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant FROM = START.minus(Duration.ofHours(1));
  private static final Instant TO = START.plus(Duration.ofHours(3));

  @TempDir Path workdir;

  @Test
  void withoutLateDataKappaEqualsTheLambdaBatchViewAndTheOracleWindowForWindow() throws Exception {
    String topic = "kappa-equals-lambda";
    List<GeneratedRecord> records = GeneratedData.records(50, 5_000, START, 0);
    publish(topic, records);

    LkRun batch = lk("lambda", "batch", topic);
    // 5,000 records: the history in one step (the default step is 500,000 records).
    LkRun kappa = lk("kappa", "run", topic, "--until-caught-up");

    assertThat(batch.exitCode()).as(batch.err()).isZero();
    assertThat(kappa.exitCode()).as(kappa.err()).isZero();
    assertThat(kappa.out())
        .contains("kappa_v1 caught up: 5,000 records")
        .contains("dropped as late 0;");
    Map<String, Oracle.Expected> oracle =
        Oracle.of(records, records.size(), Duration.ofMinutes(1), Set.of());
    List<String> keys =
        oracle.keySet().stream().map(cell -> cell.split("@")[0]).distinct().toList();
    Map<String, WindowMetrics> batchView;
    Map<String, WindowMetrics> kappaView;
    try (ViewStore store = SqlViewStore.duckDb(workspace().database())) {
      BatchViewManifest v1 = LambdaPipeline.catalog(workspace()).latest().orElseThrow();
      List<WindowMetrics> batchRows = new ArrayList<>();
      List<WindowMetrics> kappaRows = new ArrayList<>();
      for (String key : keys) {
        batchRows.addAll(ParquetViews.rows(DataPath.parse(v1.path()).local(), key, FROM, TO));
        kappaRows.addAll(new KappaServing(store).query(key, FROM, TO).windows());
      }
      batchView = Oracle.byCell(batchRows);
      kappaView = Oracle.byCell(kappaRows);
    }
    Oracle.assertServes(batchView, oracle);
    Oracle.assertServes(kappaView, oracle);
    // Not just both close to the oracle: the same counts and values, window for window.
    assertThat(kappaView.keySet()).isEqualTo(batchView.keySet());
    kappaView.forEach(
        (cell, metrics) -> {
          WindowMetrics lambda = batchView.get(cell);
          assertThat(metrics.events()).as(cell).isEqualTo(lambda.events());
          assertThat(metrics.valueSum()).as(cell).isEqualByComparingTo(lambda.valueSum());
          assertThat(metrics.valueMin()).as(cell).isEqualByComparingTo(lambda.valueMin());
          assertThat(metrics.valueMax()).as(cell).isEqualByComparingTo(lambda.valueMax());
        });

    // And `lk query --arch kappa` reads the same from the store.
    String hotKey = keys.get(0);
    LkRun query =
        LkRun.of(
            "query",
            "--workdir",
            workdir.toString(),
            "--arch",
            "kappa",
            "--key",
            hotKey,
            "--from",
            FROM.toString(),
            "--to",
            TO.toString(),
            "--json");
    assertThat(query.exitCode()).as(query.err()).isZero();
    JsonNode answer = JsonFiles.mapper().readTree(query.out());
    assertThat(answer.get("architecture").asText()).isEqualTo("kappa");
    assertThat(answer.get("generation").asLong()).isEqualTo(1);
    long served = 0;
    for (JsonNode window : answer.get("windows")) {
      served += window.get("events").asLong();
    }
    long expected =
        oracle.entrySet().stream()
            .filter(entry -> entry.getKey().startsWith(hotKey + "@"))
            .mapToLong(entry -> entry.getValue().events())
            .sum();
    assertThat(served).isEqualTo(expected);

    // And `lk query --quarantine` shows what the stream refused: every malformed record.
    long malformed =
        records.stream().filter(r -> r.kind() == GeneratedRecord.Kind.MALFORMED).count();
    LkRun rejects =
        LkRun.of(
            "query",
            "--workdir",
            workdir.toString(),
            "--arch",
            "kappa",
            "--quarantine",
            "--limit",
            "1000",
            "--json");
    assertThat(rejects.exitCode()).as(rejects.err()).isZero();
    JsonNode quarantine = JsonFiles.mapper().readTree(rejects.out());
    assertThat(quarantine.get("records")).hasSize((int) malformed);
    // Each kept with where it came from: topic/partition@offset (the topic has several
    // partitions, and which one the newest batch's first reject came from is a matter of timing).
    assertThat(quarantine.get("records"))
        .allSatisfy(
            record -> assertThat(record.get("source").asText()).matches(topic + "/\\d+@\\d+"));
    LkRun table =
        LkRun.of("query", "--workdir", workdir.toString(), "--arch", "kappa", "--quarantine");
    assertThat(table.out()).contains("kappa  generation 1: the newest 20 records refused");
  }

  /**
   * A topic holding someone's own data gets no synthetic events unless asked: the live generator
   * used to publish 1,000 a second into whatever topic it was given.
   */
  @Test
  void aLiveRunAddsNoSyntheticEventsToATopicLkDidNotGenerate() throws Exception {
    String topic = "kappa-real-data";
    List<GeneratedRecord> records = GeneratedData.records(52, 1_000, START, 0);
    publish(topic, records); // published by someone else, not by lk generate

    LkRun live = lk("kappa", "run", topic, "--for", "5s");

    assertThat(live.exitCode()).as(live.err()).isZero();
    assertThat(live.out()).contains("no synthetic traffic: topic kappa-real-data holds records");
    long published =
        KafkaOffsets.latest(SharedKafka.get().bootstrapServers(), topic).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    assertThat(published).isEqualTo(records.size());
  }

  @Test
  void aReprocessWithALargerWatermarkRecoversTheLateEventsAndIsTheOnlyWayToChangeTheLogic()
      throws Exception {
    String topic = "kappa-reprocess";
    List<GeneratedRecord> records = GeneratedData.records(51, 3_000, START, 0.05);
    publish(topic, records);

    // Small micro-batches, so the watermark moves during the replay and late events fall behind
    // (and, with two partitions, events of the partition that is behind in event time too).
    LkRun v1 = lk("kappa", "run", topic, "--until-caught-up", "--max-batch-records", "300");
    assertThat(v1.exitCode()).as(v1.err()).isZero();
    long droppedByV1 = droppedLate(v1.out());
    assertThat(droppedByV1).as(v1.out()).isPositive();

    LkRun changed = lk("kappa", "run", topic, "--until-caught-up", "--watermark", "1d");
    assertThat(changed.exitCode()).isEqualTo(2);
    assertThat(changed.err())
        .contains("kappa_v1 runs with --window 1m --watermark 2m")
        .contains("lk kappa reprocess --window 1m --watermark 1d");

    LkRun reprocess =
        lk("kappa", "reprocess", topic, "--watermark", "1d", "--max-batch-records", "300");
    assertThat(reprocess.exitCode()).as(reprocess.err()).isZero();
    assertThat(reprocess.out())
        .contains("kappa_v2 replays the topic with --window 1m --watermark 1d beside kappa_v1")
        .contains("switched: kappa_v1 → kappa_v2; replayed 3,000 records")
        .contains("kappa_v1 is dropped");
    try (ViewStore store = SqlViewStore.duckDb(workspace().database())) {
      assertThat(store.servedGeneration(KappaServing.VIEW)).contains(2L);
      // nothing missing any more
      ExactlyOnce.assertServes(
          records, key -> new KappaServing(store).query(key, FROM, TO).windows());
    }
  }

  @Test
  void aReprocessOfATopicThatLostItsFirstRecordsSaysSoBeforeItReplays() throws Exception {
    String topic = "kappa-truncated";
    publish(topic, GeneratedData.records(52, 1_000, START, 0));
    LkRun v1 = lk("kappa", "run", topic, "--until-caught-up");
    assertThat(v1.exitCode()).as(v1.err()).isZero();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
    // The partition the records went to most (how they spread is the producer's business).
    int fullest =
        KafkaOffsets.latest(SharedKafka.get().bootstrapServers(), topic).entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    try (Admin admin = Admin.create(props)) {
      admin
          .deleteRecords(
              Map.of(new TopicPartition(topic, fullest), RecordsToDelete.beforeOffset(100)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    LkRun reprocess = lk("kappa", "reprocess", topic, "--watermark", "1d");

    assertThat(reprocess.exitCode()).as(reprocess.err()).isZero();
    assertThat(reprocess.out())
        .contains("warning: topic kappa-truncated no longer holds its first 100 records")
        .contains("the new version can only count what the topic still holds")
        .contains("replayed 900 records");
  }

  private static long droppedLate(String output) {
    String marker = "dropped as late ";
    int at = output.indexOf(marker) + marker.length();
    return Long.parseLong(output.substring(at, output.indexOf(';', at)).replace(",", ""));
  }

  private LkRun lk(String command, String subcommand, String topic, String... options) {
    List<String> args = new ArrayList<>();
    if (!"batch".equals(subcommand)) {
      args.addAll(List.of("--port", "0"));
    }
    args.addAll(List.of(options));
    return LkRun.of(
        LkRun.onSharedBroker(workdir, command, subcommand, topic, args.toArray(String[]::new)));
  }

  private Workspace workspace() {
    return new Workspace(workdir);
  }

  private static void publish(String topic, List<GeneratedRecord> records) {
    KafkaTopics.ensureTopic(SharedKafka.get().bootstrapServers(), topic, 2);
    KafkaRecords.publish(SharedKafka.get().bootstrapServers(), topic, records);
  }
}
