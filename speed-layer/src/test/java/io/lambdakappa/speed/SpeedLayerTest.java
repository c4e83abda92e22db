package io.lambdakappa.speed;

import static io.lambdakappa.testing.Events.view;
import static io.lambdakappa.testing.Events.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.serving.SqlViewStore;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.GenerationSwitch;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSummary;
import io.lambdakappa.streaming.StreamingViews;
import io.lambdakappa.testing.MemoryLog;
import io.lambdakappa.testing.RawRecords;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed layer as a timeline on an in-memory log (no broker): a generation starts at its batch
 * view's horizon, leaves out what the batch view already counted or what one continuous stream
 * would have dropped as late, and hands over to the next generation at the next horizon.
 */
class SpeedLayerTest {

  private static final LogicConfig TWO_MINUTE_WATERMARK = LogicConfig.defaults();
  private static final String DAVE = "dave-at-12";

  @TempDir Path workdir;

  /** The temporary folder goes after this: Spark's tasks must be done writing into it. */
  @AfterEach
  void awaitSparksLastTasks() throws InterruptedException {
    SharedSpark.awaitNoJobs();
  }

  @Test
  void aRetryOverTheHorizonIsCountedOnceALateClickIsLeftToTheBatchAndTheNextGenerationTakesOver()
      throws Exception {
    MemoryLog log = MemoryLog.create("speed-timeline", 1);
    // Batch view 1 holds offsets 0-3: its horizon is offset 4.
    List<String> archived =
        List.of(
            view("alice", "home", "2026-01-01T00:10:00Z", "1"),
            view("bob", "home", "2026-01-01T00:10:30Z", "1"),
            view("carol", "home", "2026-01-01T00:11:00Z", "1"),
            withId(DAVE, "dave", "home", "view", "2026-01-01T00:12:00Z", "1"));
    log.append(archived);

    try (ViewStore store = SqlViewStore.duckDb(workdir.resolve("lk.duckdb"))) {
      SpeedLayer speed =
          new SpeedLayer(
              new StreamingViews(SharedSpark.get(), log, store),
              new EventPipeline(TWO_MINUTE_WATERMARK),
              DataPath.of(workdir.resolve("checkpoints/speed")),
              Trigger.ProcessingTime(0));
      GenerationSwitch generations = new GenerationSwitch(store, SpeedLayer.REALTIME_VIEW);
      generations.serve(speed.start(1, Map.of(0, 4L), seamOf(archived)));

      List<String> afterHorizon =
          List.of(
              // The producer retried dave's click: its first copy is in the batch view.
              withId(DAVE, "dave", "home", "view", "2026-01-01T00:12:00Z", "1"),
              // Behind the watermark the log had at the horizon (00:12 - 2m): late.
              view("erin", "home", "2026-01-01T00:09:00Z", "1"),
              view("frank", "home", "2026-01-01T00:12:30Z", "1"));
      log.append(afterHorizon);
      generations.served().query().processAllAvailable();

      assertThat(eventsByWindow(store, 1)).containsExactly(Map.entry("00:12", 1L)); // frank only
      StreamingViewSummary g1 = StreamingViewSummary.of(store, SpeedLayer.REALTIME_VIEW, 1);
      assertThat(g1.inputRows()).isEqualTo(3);
      assertThat(g1.duplicates()).as("dave's retry").isEqualTo(1);
      assertThat(g1.droppedLate()).as("erin's click, the next batch view's").isEqualTo(1);
      assertThat(g1.accountingBalances()).isTrue();
      assertThat(g1.committedOffsets()).containsExactly(Map.entry(0, 7L));

      // Batch view 2 holds offsets 0-6; its generation starts at offset 7, beside generation 1.
      log.append(List.of(view("gina", "home", "2026-01-01T00:13:00Z", "1")));
      List<String> archivedByView2 = new java.util.ArrayList<>(archived);
      archivedByView2.addAll(afterHorizon);
      generations.pend(speed.start(2, Map.of(0, 7L), seamOf(archivedByView2)));
      generations.served().query().processAllAvailable();
      generations.pending().orElseThrow().query().processAllAvailable();

      assertThat(generations.caughtUp()).isTrue();
      StreamingViewQuery old = generations.switchToPending();
      speed.drop(old);

      assertThat(store.servedGeneration(SpeedLayer.REALTIME_VIEW)).contains(2L);
      assertThat(eventsByWindow(store, 2)).containsExactly(Map.entry("00:13", 1L)); // gina only
      assertThat(store.microBatches(SpeedLayer.REALTIME_VIEW, 1)).isEmpty();
      assertThat(workdir.resolve("checkpoints/speed/g1")).doesNotExist();
      generations.served().stop();
    }
  }

  /** What a batch view over {@code records} remembers at its horizon. */
  private static HorizonSeam seamOf(List<String> records) {
    return HorizonSeam.of(
        new EventPipeline(TWO_MINUTE_WATERMARK).validate(RawRecords.of(records)).events(),
        TWO_MINUTE_WATERMARK.watermarkDelay());
  }

  /** Events per window start (HH:mm) of key "home" in a generation of the realtime view. */
  private static Map<String, Long> eventsByWindow(ViewStore store, long generation) {
    Map<String, Long> events = new TreeMap<>();
    for (WindowMetrics row :
        store.streamingRows(
            SpeedLayer.REALTIME_VIEW,
            generation,
            "home",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T01:00:00Z"))) {
      events.put(row.windowStart().toString().substring(11, 16), row.events());
    }
    return events;
  }
}
