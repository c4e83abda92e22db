package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.StreamAccounting;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.DuckDbViewStore;
import io.lambdakappa.serving.LambdaServing;
import io.lambdakappa.serving.StreamingViewQuery;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.LateRecords;
import io.lambdakappa.testing.Oracle;
import io.lambdakappa.testing.SharedKafka;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda end to end, as a timeline: the batch layer, the speed layer and the serving layer on the
 * embedded broker and a real DuckDB file, judged at every step against the oracle.
 */
class LambdaIT {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TOPIC = "lambda-timeline";

  private String topic = TOPIC;

  @TempDir Path workdir;

  private final List<GeneratedRecord> published = new ArrayList<>();

  @Test
  void servingIsExactAcrossBatchPublishesAndTheBatchLayerRecoversLateEvents() throws Exception {
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, TOPIC, 1);
    try (DuckDbViewStore store = DuckDbViewStore.open(workdir.resolve("store/lk.duckdb"));
        LambdaRunner lambda =
            new LambdaRunner(
                SharedSpark.get(),
                new EventPipeline(LogicConfig.defaults()),
                new Workspace(workdir),
                store,
                bootstrap,
                TOPIC,
                2,
                Trigger.ProcessingTime(0))) {
      LambdaServing serving =
          new LambdaServing(store, LambdaRunner.catalog(new Workspace(workdir)));

      // History: 3,000 records, then the first batch view. The speed layer starts from nothing.
      publish(GeneratedData.records(1, 3_000, START, 0.05));
      lambda.startSpeedLayer();
      lambda.served().query().processAllAvailable();
      lambda.runBatch();
      lambda.pending().orElseThrow().query().processAllAvailable();
      assertThat(lambda.switchIfCaughtUp()).isTrue();
      // Served: v1 ⊕ realtime g1 (empty yet), exactly the oracle, late events included.
      assertThat(lambda.served().generation()).isEqualTo(1);
      assertExact(serving, 3_000);

      // Live: 2,000 more in four slices; the watermark moves on and late events get dropped.
      for (int slice = 0; slice < 4; slice++) {
        publish(
            GeneratedData.records(10 + slice, 500, START.plusSeconds(3_000 + 500L * slice), 0.05));
        lambda.served().query().processAllAvailable();
      }
      // Every window served is the oracle's, less exactly the records that were behind the
      // watermark of their micro-batch, and their number is what the speed layer reported.
      Set<Integer> late =
          LateRecords.behindTheWatermark(
              Arrays.asList(lambda.served().query().recentProgress()), TOPIC, published);
      assertThat(late).as("late records dropped by the speed layer").isNotEmpty();
      assertThat(accounting(lambda.served()).droppedLate()).isEqualTo(late.size());
      assertExact(serving, 5_000, late);

      // The next recompute sees everything: Lambda corrects itself.
      lambda.runBatch();
      lambda.pending().orElseThrow().query().processAllAvailable();
      assertThat(lambda.switchIfCaughtUp()).isTrue();
      assertThat(lambda.served().generation()).isEqualTo(2);
      assertExact(serving, 5_000);

      // And live again on top of v2, on time this time.
      publish(GeneratedData.records(20, 1_000, START.plusSeconds(5_000), 0));
      lambda.served().query().processAllAvailable();
      assertExact(serving, 6_000);
      assertThat(store.microBatches(LambdaServing.REALTIME_VIEW, 1)).as("g1 dropped").isEmpty();
      assertThat(workdir.resolve("checkpoints/speed/g1")).as("g1's checkpoint").doesNotExist();
      assertThat(workdir.resolve("checkpoints/speed/g2")).exists();
    }
  }

  @Test
  void aRestartResumesFromTheCheckpointsWithNothingLostOrCountedTwice() throws Exception {
    topic = "lambda-restart";
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, topic, 1);
    Workspace workspace = new Workspace(workdir);
    try (DuckDbViewStore store = DuckDbViewStore.open(workdir.resolve("store/lk.duckdb"))) {
      LambdaServing serving = new LambdaServing(store, LambdaRunner.catalog(workspace));
      try (LambdaRunner first = runner(workspace, store, bootstrap)) {
        publish(GeneratedData.records(30, 2_000, START, 0));
        first.startSpeedLayer();
        first.served().query().processAllAvailable();
        first.runBatch();
        first.pending().orElseThrow().query().processAllAvailable();
        first.switchIfCaughtUp();
        publish(GeneratedData.records(31, 1_000, START.plusSeconds(2_000), 0));
        first.served().query().processAllAvailable();
        assertExact(serving, 3_000);
      } // the process stops here

      // Events keep arriving while nothing runs.
      publish(GeneratedData.records(32, 1_000, START.plusSeconds(3_000), 0));

      try (LambdaRunner second = runner(workspace, store, bootstrap)) {
        second.startSpeedLayer();
        assertThat(second.served().generation()).isEqualTo(1);
        second.served().query().processAllAvailable();
        // Resumed from generation 1's checkpoint: the 1,000 new events once, the old ones once.
        assertExact(serving, 4_000);
      }
    }
  }

  private LambdaRunner runner(Workspace workspace, DuckDbViewStore store, String bootstrap) {
    return new LambdaRunner(
        SharedSpark.get(),
        new EventPipeline(LogicConfig.defaults()),
        workspace,
        store,
        bootstrap,
        topic,
        2,
        Trigger.ProcessingTime(0));
  }

  private void publish(List<GeneratedRecord> records) {
    GeneratedData.publish(SharedKafka.get().bootstrapServers(), topic, records);
    published.addAll(records);
  }

  private static StreamAccounting accounting(StreamingViewQuery generation) {
    StreamAccounting total = StreamAccounting.ZERO;
    for (StreamingQueryProgress progress : generation.query().recentProgress()) {
      total = total.plus(StreamAccounting.of(progress));
    }
    return total;
  }

  private void assertExact(LambdaServing serving, int records) {
    assertExact(serving, records, Set.of());
  }

  private void assertExact(LambdaServing serving, int records, Set<Integer> dropped) {
    Map<String, Oracle.Expected> expected =
        Oracle.of(published, records, Duration.ofMinutes(1), dropped);
    Oracle.assertServes(served(serving, expected), expected);
  }

  private static Map<String, WindowMetrics> served(
      LambdaServing serving, Map<String, Oracle.Expected> expected) {
    List<WindowMetrics> rows = new ArrayList<>();
    for (String key :
        expected.keySet().stream().map(cell -> cell.split("@")[0]).distinct().toList()) {
      serving
          .query(key, START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(3)))
          .windows()
          .forEach(window -> rows.add(window.metrics()));
    }
    return Oracle.byCell(rows);
  }
}
