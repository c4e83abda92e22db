package io.lambdakappa.serving;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.RejectedRecord;
import io.lambdakappa.testing.RawRecords;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Spark does after a crash before its commit log: it runs the last micro-batch again, with the
 * same id, and the store's upsert writes it again.
 */
class ReplayedMicroBatchTest {

  private static final String VIEW = "lambda_realtime";

  @TempDir Path temp;

  @Test
  void aReplayedMicroBatchIdOverwritesItsRowsAndCountsNothingTwice() {
    Dataset<Row> batch =
        new EventPipeline(LogicConfig.defaults())
            .apply(
                RawRecords.of(
                    view("alice", "home", "2026-01-01T00:00:10Z", "1.5"),
                    view("bob", "home", "2026-01-01T00:00:20Z", "2.5")))
            .metrics();
    try (DuckDbViewStore store = DuckDbViewStore.open(temp.resolve("lk.duckdb"))) {
      List<WindowMetrics> batchRows =
          batch.collectAsList().stream().map(WindowMetrics::fromRow).toList();
      List<RejectedRecord> rejected =
          List.of(new RejectedRecord("events/0@3", "MALFORMED_JSON", "not JSON", "{"));
      for (int attempt = 0; attempt < 2; attempt++) { // the second is the replay after a crash
        store.upsert(VIEW, 1, batchRows, MicroBatchStats.written(7, batchRows.size()), rejected);
      }

      List<WindowMetrics> rows =
          store.streamingRows(
              VIEW,
              1,
              "home",
              Instant.parse("2026-01-01T00:00:00Z"),
              Instant.parse("2026-01-01T01:00:00Z"));
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).events()).isEqualTo(2);
      assertThat(rows.get(0).valueSum()).isEqualByComparingTo("4.0");
      assertThat(store.microBatches(VIEW, 1)).hasSize(1);
      assertThat(store.quarantine(VIEW, 1, 10)).hasSize(1);
    }
  }
}
