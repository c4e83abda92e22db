package io.lambdakappa.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One running generation of the speed layer: the streaming query that fills realtime view {@code
 * generation} from the horizon of batch view {@code generation} on.
 */
public final class SpeedGeneration {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long generation;
  private final StreamingQuery query;
  private final String topic;
  private final Map<Integer, Long> horizon;

  SpeedGeneration(long generation, StreamingQuery query, String topic, Map<Integer, Long> horizon) {
    this.generation = generation;
    this.query = query;
    this.topic = topic;
    this.horizon = horizon;
  }

  public long generation() {
    return generation;
  }

  public StreamingQuery query() {
    return query;
  }

  /**
   * The offsets up to which this generation's view is committed, per partition: where it started
   * until its first micro-batch completes.
   */
  public Map<Integer, Long> committedOffsets() {
    Map<Integer, Long> offsets = new TreeMap<>(horizon);
    StreamingQueryProgress progress = query.lastProgress();
    if (progress == null) {
      return offsets;
    }
    for (SourceProgress source : progress.sources()) {
      if (source.endOffset() == null) {
        continue;
      }
      try {
        JsonNode byPartition = JSON.readTree(source.endOffset()).path(topic);
        byPartition
            .fields()
            .forEachRemaining(
                entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
      } catch (Exception e) {
        throw new IllegalStateException("unreadable offsets in progress: " + source.endOffset(), e);
      }
    }
    return offsets;
  }

  /** Whether this generation has committed everything up to {@code offsets}. */
  public boolean hasReached(Map<Integer, Long> offsets) {
    Map<Integer, Long> committed = committedOffsets();
    return offsets.entrySet().stream()
        .allMatch(entry -> committed.getOrDefault(entry.getKey(), 0L) >= entry.getValue());
  }

  /** Records behind {@code latest}, all partitions together. */
  public long lag(Map<Integer, Long> latest) {
    Map<Integer, Long> committed = committedOffsets();
    return latest.entrySet().stream()
        .mapToLong(
            entry -> Math.max(0, entry.getValue() - committed.getOrDefault(entry.getKey(), 0L)))
        .sum();
  }

  public void stop() {
    try {
      query.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException("generation " + generation + " did not stop in time", e);
    }
  }
}
