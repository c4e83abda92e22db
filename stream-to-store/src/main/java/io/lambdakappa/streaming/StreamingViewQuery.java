package io.lambdakappa.streaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One running query that fills one generation of a streaming view (a Lambda speed generation, a
 * Kappa version), and how far it has got in its log.
 */
public final class StreamingViewQuery {

  private final StreamingViewSpec spec;
  private final StreamingQuery query;
  private final StreamSource source;
  private final MicroBatchLedger ledger;

  StreamingViewQuery(
      StreamingViewSpec spec, StreamingQuery query, StreamSource source, MicroBatchLedger ledger) {
    this.spec = spec;
    this.query = query;
    this.source = source;
    this.ledger = ledger;
  }

  public StreamingViewSpec spec() {
    return spec;
  }

  public long generation() {
    return spec.generation();
  }

  public StreamingQuery query() {
    return query;
  }

  /**
   * The offsets up to which this generation's view is committed, per partition: from the query's
   * last progress; for a query resumed from its checkpoint that has not run a batch yet, from the
   * last batch recorded in the store; for a new one, where it starts.
   */
  public Map<Integer, Long> committedOffsets() {
    Map<Integer, Long> reported = new TreeMap<>();
    StreamingQueryProgress progress = query.lastProgress();
    if (progress != null) {
      for (SourceProgress source : progress.sources()) {
        reported.putAll(this.source.offsets(source.endOffset()));
      }
    }
    Map<Integer, Long> offsets = new TreeMap<>(spec.startingOffsets());
    // The store is read only when Spark has not said yet: it holds one record per micro-batch.
    offsets.putAll(reported.isEmpty() ? recordedOffsets() : reported);
    return offsets;
  }

  private Map<Integer, Long> recordedOffsets() {
    List<MicroBatchStats> batches = ledger.microBatches(spec.view(), spec.generation());
    for (int i = batches.size() - 1; i >= 0; i--) {
      if (!batches.get(i).endOffsets().isEmpty()) {
        return batches.get(i).endOffsets();
      }
    }
    return Map.of();
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

  /**
   * The query's event-time watermark as of its last micro-batch: events older than it are late and
   * dropped. Empty before the first micro-batch that saw an event (Spark says the epoch then).
   */
  public Optional<Instant> watermark() {
    StreamingQueryProgress progress = query.lastProgress();
    String watermark = progress == null ? null : progress.eventTime().get("watermark");
    return Optional.ofNullable(watermark).map(Instant::parse).filter(Instant.EPOCH::isBefore);
  }

  public boolean isActive() {
    return query.isActive();
  }

  public void stop() {
    try {
      query.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          spec.view() + " generation " + spec.generation() + " did not stop in time", e);
    }
  }
}
