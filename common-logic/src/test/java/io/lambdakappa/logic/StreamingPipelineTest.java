package io.lambdakappa.logic;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.runtime.StreamAccounting;
import io.lambdakappa.testing.SharedSpark;
import io.lambdakappa.testing.Streams;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a stream, as a timeline: add events, process, assert, with one comment a step
 * saying why. The watermark is 2 minutes behind the largest event time seen.
 */
class StreamingPipelineTest {

  private final EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());
  private final Streams stream = new Streams();
  private StreamingQuery query;

  @AfterEach
  void stop() throws TimeoutException {
    if (query != null) {
      query.stop();
    }
  }

  @Test
  void dropsEventsBehindTheWatermarkAndCountsDuplicatesApart() throws Exception {
    String aliceAtTen = view("alice", "home", "2026-01-01T00:00:10Z", "1");
    String bobAtFiveMinutes = view("bob", "home", "2026-01-01T00:05:00Z", "2");
    start("timeline");

    stream.add(aliceAtTen, view("carol", "home", "2026-01-01T00:00:20Z", "3"));
    query.processAllAvailable();
    // Two on-time events in the first minute.
    assertThat(eventsIn("2026-01-01 00:00:00")).isEqualTo(2);

    stream.add(bobAtFiveMinutes);
    query.processAllAvailable();
    // The watermark is now 00:03:00: five minutes seen, minus the two-minute delay.

    stream.add(view("dave", "home", "2026-01-01T00:00:30Z", "4"), aliceAtTen, bobAtFiveMinutes);
    query.processAllAvailable();
    // dave is late (00:00:30 is behind 00:03:00): dropped, not counted.
    // The copy of alice is behind the watermark too: dropped as late, not as a duplicate.
    // The copy of bob is within the watermark: removed as a duplicate.
    assertThat(eventsIn("2026-01-01 00:00:00")).isEqualTo(2);
    assertThat(eventsIn("2026-01-01 00:05:00")).isEqualTo(1);

    StreamAccounting total = StreamAccounting.ZERO;
    for (StreamingQueryProgress progress : query.recentProgress()) {
      total = total.plus(StreamAccounting.of(progress));
    }
    assertThat(total).isEqualTo(new StreamAccounting(6, 3, 1, 2));
  }

  @Test
  void anEventFromTheFutureCannotPoisonTheWatermark() throws Exception {
    start("poison");

    // Records arrive now (late 2026); one producer's clock says 2099, inside the accepted range.
    stream.add(view("mallory", "home", "2099-06-01T00:00:00Z", "1"));
    query.processAllAvailable();
    // Quarantined: it is years ahead of its arrival, so it never moves the watermark.

    stream.add(view("alice", "home", "2026-01-01T00:00:10Z", "2"));
    query.processAllAvailable();
    // Counted: had the 2099 event moved the watermark, alice would be dropped as late.
    assertThat(eventsIn("2026-01-01 00:00:00", "poison")).isEqualTo(1);

    StreamAccounting total = StreamAccounting.ZERO;
    for (StreamingQueryProgress progress : query.recentProgress()) {
      total = total.plus(StreamAccounting.of(progress));
    }
    assertThat(total).isEqualTo(new StreamAccounting(1, 1, 0, 0));
  }

  private void start(String name) throws TimeoutException {
    query =
        pipeline
            .apply(stream.raw())
            .metrics()
            .writeStream()
            .format("memory")
            .queryName(name)
            .outputMode("complete")
            .start();
  }

  private long eventsIn(String windowStart) {
    return eventsIn(windowStart, "timeline");
  }

  private long eventsIn(String windowStart, String table) {
    List<Row> rows =
        SharedSpark.get()
            .sql(
                "SELECT events FROM "
                    + table
                    + " WHERE window_start = TIMESTAMP '"
                    + windowStart
                    + "'")
            .collectAsList();
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }
}
