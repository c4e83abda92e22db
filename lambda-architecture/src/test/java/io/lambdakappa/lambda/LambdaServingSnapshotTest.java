package io.lambdakappa.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.testing.Generations;
import io.lambdakappa.testing.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lambda's readers see whole answers: while a writer switches the served generation hundreds of
 * times, each time serving {@code g+1} and then dropping {@code g} (what {@code LambdaPipeline}
 * does), readers query without pause. Generation {@code g} holds three windows of {@code g} events
 * each, so an answer is whole exactly when its events are three times its generation. A reader that
 * read the generation number and the rows in separate statements saw generation {@code g} with the
 * rows already dropped: zero events.
 */
class LambdaServingSnapshotTest {

  private static final Instant TEN = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path temp;

  /** The embedded DuckDB file, and a PostgreSQL server of this JVM's own. */
  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgresql"})
  void readersNeverSeeHalfASwitchNorGoBack(String database) throws Exception {
    StoreLocation location =
        database.equals("embedded") ? StoreLocation.embedded() : LocalPostgres.freshStore();
    try (ViewStore store = location.open(new Workspace(temp))) {
      LambdaServing serving =
          new LambdaServing(store, new BatchViewCatalog(DataPath.of(temp.resolve("views/batch"))));
      store.upsert(
          SpeedLayer.REALTIME_VIEW, 1, generation(1), MicroBatchStats.written(0, 3), List.of());
      store.serve(SpeedLayer.REALTIME_VIEW, 1);

      AtomicBoolean switching = new AtomicBoolean(true);
      Map<Integer, List<long[]>> answers = new ConcurrentHashMap<>(); // reader -> {g, events}
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        int reader = r;
        answers.put(reader, new ArrayList<>());
        Thread thread =
            new Thread(
                () -> {
                  long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                  while (switching.get() && System.nanoTime() < deadline) {
                    LambdaServing.Answer answer =
                        serving.query("home", TEN, TEN.plus(Duration.ofHours(1)));
                    long events =
                        answer.windows().stream().mapToLong(w -> w.metrics().events()).sum();
                    answers.get(reader).add(new long[] {answer.generation(), events});
                  }
                });
        thread.start();
        readers.add(thread);
      }

      int switches = 300;
      for (long g = 2; g <= switches; g++) {
        store.upsert(
            SpeedLayer.REALTIME_VIEW, g, generation(g), MicroBatchStats.written(0, 3), List.of());
        store.serve(SpeedLayer.REALTIME_VIEW, g);
        store.dropGeneration(SpeedLayer.REALTIME_VIEW, g - 1);
      }
      switching.set(false);
      for (Thread reader : readers) {
        reader.join(Duration.ofSeconds(30).toMillis());
        assertThat(reader.isAlive()).isFalse();
      }

      long total = 0;
      for (List<long[]> seen : answers.values()) {
        long previous = 0;
        for (long[] answer : seen) {
          assertThat(answer[1])
              .as("generation %d answered with %d events: half a switch", answer[0], answer[1])
              .isEqualTo(3 * answer[0]);
          assertThat(answer[0]).as("a reader went back").isGreaterThanOrEqualTo(previous);
          previous = answer[0];
        }
        total += seen.size();
      }
      assertThat(total).as("answers read during the switches").isGreaterThan(switches);
    }
  }

  private static List<WindowMetrics> generation(long g) {
    return Generations.rows(g, TEN);
  }
}
