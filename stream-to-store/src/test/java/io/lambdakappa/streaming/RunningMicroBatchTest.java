package io.lambdakappa.streaming;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.StreamAccounting;
import io.lambdakappa.testing.SharedSpark;
import io.lambdakappa.testing.Streams;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;

/**
 * The figures a batch's writer reads from inside {@code foreachBatch} are the ones Spark reports
 * for the same batch afterwards: the store can record them with the rows, before Spark's commit
 * log, and lose nothing a later progress report would have said.
 */
class RunningMicroBatchTest {

  @Test
  void theWriterSeesEveryFigureTheProgressReportGivesLater() throws Exception {
    Map<Long, RunningMicroBatch> seen = new ConcurrentHashMap<>();
    Map<Long, Integer> rowsSeen = new ConcurrentHashMap<>();
    Streams stream = new Streams();
    StreamingQuery query =
        new EventPipeline(LogicConfig.defaults())
            .applyObservingRejects(stream.raw())
            .metrics()
            .writeStream()
            .outputMode("update")
            .foreachBatch(
                new StreamingViewWriter(
                    SharedSpark.get(),
                    (batchId, rows, batch) -> {
                      seen.put(batchId, batch);
                      rowsSeen.put(batchId, rows.size());
                    }))
            .start();
    try {
      String aliceAtTen = view("alice", "home", "2026-01-01T00:00:10Z", "1");
      String bobAtFiveMinutes = view("bob", "home", "2026-01-01T00:05:00Z", "2");
      stream.add(aliceAtTen, view("carol", "home", "2026-01-01T00:00:20Z", "3"), "not json");
      query.processAllAvailable();
      stream.add(bobAtFiveMinutes);
      query.processAllAvailable();
      // A late event, a late copy and a duplicate within the watermark.
      stream.add(view("dave", "home", "2026-01-01T00:00:30Z", "4"), aliceAtTen, bobAtFiveMinutes);
      query.processAllAvailable();

      StreamAccounting reported = StreamAccounting.ZERO;
      StreamAccounting written = StreamAccounting.ZERO;
      long readReported = 0;
      long readWritten = 0;
      // Spark may report a batch id twice: idle before any data came, then when it ran.
      Map<Long, StreamingQueryProgress> lastReport = new TreeMap<>();
      for (StreamingQueryProgress progress : query.recentProgress()) {
        lastReport.put(progress.batchId(), progress);
      }
      assertThat(lastReport.keySet()).isEqualTo(new TreeMap<>(seen).keySet());
      for (StreamingQueryProgress progress : lastReport.values()) {
        RunningMicroBatch batch = seen.get(progress.batchId());
        assertThat(batch).as("batch %d was written", progress.batchId()).isNotNull();
        assertThat(batch.accounting()).isEqualTo(StreamAccounting.of(progress));
        assertThat(batch.inputRows()).isEqualTo(progress.numInputRows());
        if (progress.numInputRows() > 0) { // a batch that read nothing has no scan to ask
          assertThat(batch.endOffsets()).containsExactly(progress.sources()[0].endOffset());
        }
        reported = reported.plus(StreamAccounting.of(progress));
        written = written.plus(batch.accounting());
        readReported += progress.numInputRows();
        readWritten += batch.inputRows();
      }
      assertThat(written).isEqualTo(reported).isEqualTo(new StreamAccounting(6, 3, 1, 2));
      assertThat(readWritten).isEqualTo(readReported).isEqualTo(7);
    } finally {
      query.stop();
    }
  }
}
