package io.lambdakappa.serving;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.testing.RawRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch view written by Spark reads back at the same instants, whatever the host's time zone:
 * Spark's session is pinned to UTC, DuckDB takes its zone from the operating system, and the two
 * meet in the Parquet files. (The unit tests run in a zone that is not UTC on purpose.)
 */
class ParquetViewsTest {

  @TempDir Path temp;

  @Test
  void aBatchViewWrittenBySparkReadsBackAtTheSameInstants() {
    LogicConfig sevenMinutes = LogicConfig.defaults().withWindow(Duration.ofMinutes(7));
    Dataset<Row> metrics =
        new EventPipeline(sevenMinutes)
            .apply(
                RawRecords.of(
                    view("alice", "home", "2026-03-29T00:55:00Z", "1"), // Europe's DST night
                    view("bob", "home", "2026-03-29T01:01:59Z", "2"),
                    view("carol", "home", "2026-03-29T01:02:00Z", "4")))
            .metrics();
    Path folder = temp.resolve("views/batch/v1");
    metrics.coalesce(1).write().parquet(folder.toString());

    // Windows of 7 minutes count from the epoch: 00:55, 01:02 (Spark's window(), the contract).
    List<WindowMetrics> all =
        ParquetViews.rows(
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
            ParquetViews.rows(
                folder,
                "home",
                Instant.parse("2026-03-29T00:55:00Z"),
                Instant.parse("2026-03-29T01:02:00Z")))
        .extracting(WindowMetrics::windowStart)
        .containsExactly(Instant.parse("2026-03-29T00:55:00Z"));
    assertThat(ParquetViews.read(folder))
        .extracting(WindowMetrics::windowStart)
        .isEqualTo(all.stream().map(WindowMetrics::windowStart).toList());
  }
}
