package io.lambdakappa.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.testing.MemoryLog;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory log the speed layer's and Kappa's tests run on behaves as Kafka does for them:
 * starting offsets, bounded steps, AvailableNow, a restart from the checkpoint, and the offsets
 * Spark reports.
 */
class MemoryLogTest {

  @TempDir Path checkpoint;

  private final List<List<String>> batches = new CopyOnWriteArrayList<>();

  @Test
  void readsFromItsStartingOffsetsInBoundedStepsAndResumesFromTheCheckpoint() throws Exception {
    MemoryLog log = MemoryLog.create("memory-log-test", 1);
    log.append(records(0, 10));

    StreamingQuery first = start(log, Map.of(0, 2L));
    assertThat(first.awaitTermination(60_000)).isTrue();
    assertThat(batches).containsExactly(sources(2, 5), sources(5, 8), sources(8, 10));
    assertThat(log.offsets(first.lastProgress().sources()[0].endOffset()))
        .containsExactly(Map.entry(0, 10L));

    // More records while nothing runs: a restart reads only those, whatever it is told.
    log.append(records(10, 12));
    batches.clear();
    StreamingQuery second = start(log, Map.of(0, 0L));
    assertThat(second.awaitTermination(60_000)).isTrue();
    assertThat(batches).containsExactly(sources(10, 12));
    assertThat(log.latest()).containsExactly(Map.entry(0, 12L));
  }

  private StreamingQuery start(MemoryLog log, Map<Integer, Long> from) throws Exception {
    VoidFunction2<Dataset<Row>, Long> collect =
        (batch, id) ->
            batches.add(
                batch.select(EventSchema.SOURCE).collectAsList().stream()
                    .map(row -> row.getString(0))
                    .toList());
    return log.open(SharedSpark.get(), from, 3)
        .writeStream()
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .foreachBatch(collect)
        .start();
  }

  private static List<String> records(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "{\"n\":" + i + "}").toList();
  }

  private static List<String> sources(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "memory-log-test/0@" + i).toList();
  }
}
