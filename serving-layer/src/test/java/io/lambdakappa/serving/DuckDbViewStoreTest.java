package io.lambdakappa.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.RawRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view store gives back the instants it was given, whatever the host's time zone: DuckDB takes
 * its session zone from the operating system, Spark's session is pinned to UTC, and the two meet in
 * the batch views' Parquet files and in every time parameter. The unit tests run under a non-UTC
 * zone on purpose (the parent pom sets {@code TZ} and {@code user.timezone}), so a store that
 * followed the host's zone would shift every window here.
 */
class DuckDbViewStoreTest {

  @TempDir Path temp;
  private DuckDbViewStore store;

  @BeforeEach
  void open() {
    store = DuckDbViewStore.open(temp.resolve("lk.duckdb"));
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
  void aBatchViewWrittenBySparkReadsBackAtTheSameInstants() {
    LogicConfig sevenMinutes = LogicConfig.defaults().withWindow(Duration.ofMinutes(7));
    Dataset<Row> metrics =
        new EventPipeline(sevenMinutes)
            .apply(
                RawRecords.of(
                    Events.view("alice", "home", "2026-03-29T00:55:00Z", "1"), // Europe's DST night
                    Events.view("bob", "home", "2026-03-29T01:01:59Z", "2"),
                    Events.view("carol", "home", "2026-03-29T01:02:00Z", "4")))
            .metrics();
    Path folder = temp.resolve("views/batch/v1");
    metrics.coalesce(1).write().parquet(folder.toString());

    // Windows of 7 minutes count from the epoch: 00:55, 01:02 (Spark's window(), the contract).
    List<WindowMetrics> all =
        store.parquetRows(
            folder,
            "home",
            Instant.parse("2026-03-29T00:00:00Z"),
            Instant.parse("2026-03-30T00:00:00Z"));
    assertThat(all)
        .extracting(WindowMetrics::windowStart)
        .containsExactly(
            Instant.parse("2026-03-29T00:55:00Z"), Instant.parse("2026-03-29T01:02:00Z"));
    assertThat(all).extracting(WindowMetrics::events).containsExactly(2L, 1L);
    assertThat(all.get(0).windowEnd()).isEqualTo(Instant.parse("2026-03-29T01:02:00Z"));

    // The range is [from, to) on window starts, in UTC: exactly the first window.
    assertThat(
            store.parquetRows(
                folder,
                "home",
                Instant.parse("2026-03-29T00:55:00Z"),
                Instant.parse("2026-03-29T01:02:00Z")))
        .extracting(WindowMetrics::windowStart)
        .containsExactly(Instant.parse("2026-03-29T00:55:00Z"));
    assertThat(store.parquetView(folder))
        .extracting(WindowMetrics::windowStart)
        .isEqualTo(all.stream().map(WindowMetrics::windowStart).toList());
  }

  @Test
  void streamingRowsReadBackAtTheSameInstantsAndRanges() {
    List<WindowMetrics> rows =
        new EventPipeline(LogicConfig.defaults())
                .apply(
                    RawRecords.of(
                        Events.view("alice", "home", "2026-10-25T00:30:10Z", "1"),
                        Events.view("bob", "home", "2026-10-25T01:30:10Z", "2")))
                .metrics()
                .collectAsList()
                .stream()
                .map(WindowMetrics::fromRow)
                .toList();
    store.upsert("a_view", 1, rows, MicroBatchStats.written(0, rows.size()), List.of());

    assertThat(
            store.streamingRows(
                "a_view",
                1,
                "home",
                Instant.parse("2026-10-25T01:30:00Z"),
                Instant.parse("2026-10-25T01:31:00Z")))
        .extracting(WindowMetrics::windowStart, WindowMetrics::windowEnd)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-25T01:31:00Z")));
    assertThat(store.freshness("a_view", 1).orElseThrow())
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
  }
}
