package io.lambdakappa.serving;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.RejectedRecord;
import io.lambdakappa.testing.Generations;
import io.lambdakappa.testing.RawRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every view store guarantees, run against each database it can live on ({@link
 * DuckDbViewStoreTest}, {@link PostgresViewStoreTest}): instants come back as they went in whatever
 * the host's zone, a replayed micro-batch counts nothing twice, a switch is one write and readers
 * see whole answers through it, a dropped generation is gone from every role.
 *
 * <p>The unit tests run under a non-UTC zone on purpose (the parent pom sets {@code TZ} and {@code
 * user.timezone}), so a store that followed the host's zone would shift every window here.
 */
abstract class ViewStoreContract {

  private static final String VIEW = "a_view";
  private static final Instant TEN = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant ELEVEN = TEN.plus(Duration.ofHours(1));

  ViewStore store;

  /** A new, empty store. */
  abstract ViewStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theTestsRunInAZoneThatIsNotUtc() {
    // If this fails, the pom no longer sets the zones, and the other tests here prove nothing.
    assertThat(TimeZone.getDefault().getRawOffset()).isNotZero();
    assertThat(System.getenv("TZ")).isNotBlank().isNotEqualTo("UTC");
  }

  @Test
  void streamingRowsReadBackAtTheSameInstantsAndRanges() {
    List<WindowMetrics> rows =
        metrics(
            view("alice", "home", "2026-10-25T00:30:10Z", "1"), // Europe's DST night
            view("bob", "home", "2026-10-25T01:30:10Z", "2"));
    store.upsert(VIEW, 1, rows, MicroBatchStats.written(0, rows.size()), List.of());

    assertThat(
            store.streamingRows(
                VIEW,
                1,
                "home",
                Instant.parse("2026-10-25T01:30:00Z"),
                Instant.parse("2026-10-25T01:31:00Z")))
        .extracting(WindowMetrics::windowStart, WindowMetrics::windowEnd)
        .containsExactly(
            tuple(Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-25T01:31:00Z")));
    assertThat(store.freshness(VIEW, 1).orElseThrow())
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
  }

  @Test
  void aReplayedMicroBatchIdOverwritesItsRowsAndCountsNothingTwice() {
    // What Spark does after a crash before its commit log: it runs the last micro-batch again,
    // with the same id, and the store's upsert writes it again.
    List<WindowMetrics> rows =
        metrics(
            view("alice", "home", "2026-01-01T00:00:10Z", "1.5"),
            view("bob", "home", "2026-01-01T00:00:20Z", "2.5"));
    List<RejectedRecord> rejected =
        List.of(new RejectedRecord("events/0@3", "MALFORMED_JSON", "not JSON", "{"));
    for (int attempt = 0; attempt < 2; attempt++) {
      store.upsert(VIEW, 1, rows, MicroBatchStats.written(7, rows.size()), rejected);
    }

    List<WindowMetrics> read =
        store.streamingRows(
            VIEW,
            1,
            "home",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(read).hasSize(1);
    assertThat(read.get(0).events()).isEqualTo(2);
    assertThat(read.get(0).valueSum()).isEqualByComparingTo("4.0");
    assertThat(read.get(0).usersSketch()).isEqualTo(rows.get(0).usersSketch());
    assertThat(store.microBatches(VIEW, 1))
        .extracting(MicroBatchStats::batchId)
        .containsExactly(7L);
    assertThat(store.lastBatchId(VIEW, 1)).contains(7L);
    assertThat(store.quarantine(VIEW, 1, 10)).containsExactlyElementsOf(rejected);
  }

  @Test
  void aLaterMicroBatchReplacesAWindowWithItsNewAggregate() {
    store.upsert(
        VIEW,
        1,
        metrics(view("alice", "home", "2026-01-01T00:00:10Z", "1")),
        MicroBatchStats.written(0, 1),
        List.of());
    store.upsert(
        VIEW,
        1,
        metrics(
            view("alice", "home", "2026-01-01T00:00:10Z", "1"),
            view("bob", "home", "2026-01-01T00:00:40Z", "5")),
        MicroBatchStats.written(1, 1),
        List.of());

    assertThat(store.streamingRows(VIEW, 1, "home", TEN.minus(Duration.ofDays(400)), TEN))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.events()).isEqualTo(2);
              assertThat(row.valueMax()).isEqualByComparingTo("5");
            });
    assertThat(store.size(VIEW, 1).rows()).isEqualTo(1);
    assertThat(store.lastBatchId(VIEW, 1)).contains(1L);
    assertThat(store.lastBatchId(VIEW, 2)).isEmpty();
  }

  @Test
  void aSwitchIsOneWriteAndADroppedGenerationIsGoneFromEveryRole() {
    assertThat(store.servedGeneration(VIEW)).isEmpty();
    assertThat(store.servedRows(VIEW, "home", TEN, ELEVEN)).isEmpty();
    List<RejectedRecord> rejected =
        List.of(new RejectedRecord("events/0@1", "MISSING_FIELD", "no key", "{}"));
    store.upsert(VIEW, 1, generation(1), MicroBatchStats.written(0, 3), rejected);
    store.upsert(VIEW, 2, generation(2), MicroBatchStats.written(0, 3), rejected);
    store.serve(VIEW, 1);
    store.serve(VIEW, 2);

    ViewStore.ServedRows served = store.servedRows(VIEW, "home", TEN, ELEVEN).orElseThrow();
    assertThat(served.generation()).isEqualTo(2);
    assertThat(served.rows()).extracting(WindowMetrics::events).containsExactly(2L, 2L, 2L);

    store.dropGeneration(VIEW, 1);
    assertThat(store.streamingRows(VIEW, 1, "home", TEN, ELEVEN)).isEmpty();
    assertThat(store.microBatches(VIEW, 1)).isEmpty();
    assertThat(store.quarantine(VIEW, 1, 10)).isEmpty();
    assertThat(store.quarantine(VIEW, 2, 10)).hasSize(1);
    assertThat(store.servedGeneration(VIEW)).contains(2L);
  }

  /**
   * The served answer follows each write as soon as it commits, whatever answers it (the database,
   * or the embedded store's index in memory), and says the same as the generation's own rows.
   */
  @Test
  void theServedAnswerFollowsEveryUpsertSwitchAndDrop() {
    store.upsert(VIEW, 1, generation(1), MicroBatchStats.written(0, 3), List.of());
    store.serve(VIEW, 1);
    assertServedAsStored(1, 3);

    List<WindowMetrics> later = metrics(view("carol", "home", "2026-11-24T10:00:30Z", "7.25"));
    store.upsert(VIEW, 1, later, MicroBatchStats.written(1, 1), List.of());
    assertServedAsStored(1, 3); // the window at 10:00 replaced, not added to
    assertThat(store.servedRows(VIEW, "home", TEN, ELEVEN).orElseThrow().rows().get(0).valueSum())
        .isEqualByComparingTo("7.25");

    store.upsert(VIEW, 2, generation(2), MicroBatchStats.written(0, 3), List.of());
    assertServedAsStored(1, 3); // filling generation 2 serves nothing of it yet
    store.serve(VIEW, 2);
    assertServedAsStored(2, 3);
    store.dropGeneration(VIEW, 1);
    store.upsert(VIEW, 2, later, MicroBatchStats.written(1, 1), List.of());
    assertServedAsStored(2, 3);
    assertThat(store.servedRows(VIEW, "home", ELEVEN, TEN).orElseThrow().rows()).isEmpty();
    assertThat(store.servedRows(VIEW, "nobody", TEN, ELEVEN).orElseThrow().rows()).isEmpty();

    store.dropGeneration(VIEW, 2); // the served generation itself: its rows go
    assertThat(store.servedRows(VIEW, "home", TEN, ELEVEN).orElseThrow().rows()).isEmpty();
  }

  private void assertServedAsStored(long generation, int windows) {
    ViewStore.ServedRows served = store.servedRows(VIEW, "home", TEN, ELEVEN).orElseThrow();
    List<WindowMetrics> stored = store.streamingRows(VIEW, generation, "home", TEN, ELEVEN);
    assertThat(served.generation()).isEqualTo(generation);
    assertThat(served.freshness()).isEqualTo(store.freshness(VIEW, generation).orElseThrow());
    assertThat(stored).hasSize(windows);
    assertThat(served.rows()).hasSize(windows);
    for (int i = 0; i < windows; i++) {
      WindowMetrics a = served.rows().get(i);
      WindowMetrics b = stored.get(i);
      assertThat(a.key()).isEqualTo(b.key());
      assertThat(a.windowStart()).isEqualTo(b.windowStart());
      assertThat(a.windowEnd()).isEqualTo(b.windowEnd());
      assertThat(a.events()).isEqualTo(b.events());
      assertThat(a.valueSum()).isEqualTo(b.valueSum()); // scale included
      assertThat(a.valueMin()).isEqualTo(b.valueMin());
      assertThat(a.valueMax()).isEqualTo(b.valueMax());
      assertThat(a.usersSketch()).isEqualTo(b.usersSketch());
    }
  }

  /**
   * Readers on threads of their own (as the API's workers are) while the writer serves {@code g+1}
   * and drops {@code g}, again and again: an answer is whole exactly when its events are three
   * times its generation.
   */
  @Test
  void readersSeeWholeAnswersWhileGenerationsSwitch() throws Exception {
    store.upsert(VIEW, 1, generation(1), MicroBatchStats.written(0, 3), List.of());
    store.serve(VIEW, 1);
    AtomicBoolean switching = new AtomicBoolean(true);
    AtomicLong answers = new AtomicLong();
    List<String> broken = Collections.synchronizedList(new ArrayList<>());
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread thread =
          new Thread(
              () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (switching.get() && System.nanoTime() < deadline) {
                  ViewStore.ServedRows served =
                      store.servedRows(VIEW, "home", TEN, ELEVEN).orElseThrow();
                  long events = served.rows().stream().mapToLong(WindowMetrics::events).sum();
                  if (events != 3 * served.generation()) {
                    broken.add("generation " + served.generation() + ": " + events + " events");
                  }
                  answers.incrementAndGet();
                }
              });
      thread.start();
      readers.add(thread);
    }
    for (long g = 2; g <= 150; g++) {
      store.upsert(VIEW, g, generation(g), MicroBatchStats.written(0, 3), List.of());
      store.serve(VIEW, g);
      store.dropGeneration(VIEW, g - 1);
    }
    switching.set(false);
    for (Thread reader : readers) {
      reader.join(Duration.ofSeconds(30).toMillis());
      assertThat(reader.isAlive()).isFalse();
    }
    assertThat(answers.get()).isGreaterThan(100);
    assertThat(broken).isEmpty();
  }

  static List<WindowMetrics> generation(long g) {
    return Generations.rows(g, TEN);
  }

  static List<WindowMetrics> metrics(String... records) {
    return new EventPipeline(LogicConfig.defaults())
        .apply(RawRecords.of(records)).metrics().collectAsList().stream()
            .map(WindowMetrics::fromRow)
            .toList();
  }
}
