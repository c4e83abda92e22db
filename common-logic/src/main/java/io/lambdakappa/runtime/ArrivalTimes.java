package io.lambdakappa.runtime;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.unix_millis;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Event-to-visible latency, measured without touching the logic: the Kafka record timestamps of a
 * micro-batch are observed on the way in (their 1st, 5th and 50th percentiles), and the batch is
 * visible at the moment its rows commit to the view. Every record of a batch becomes visible at
 * once, so latency p50 is commit time minus the median record time, p95 commit time minus the 5th
 * percentile and p99 commit time minus the 1st (the oldest records waited longest).
 */
public final class ArrivalTimes {

  public static final String OBSERVATION = "lk_arrivals";

  private ArrivalTimes() {}

  /** The latency of one micro-batch, in milliseconds. */
  public record Latency(double p50Millis, double p95Millis, double p99Millis) {
    public static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN);
  }

  /** Observes the record timestamps of a Kafka stream read with {@link RawSources#kafkaStream}. */
  public static Dataset<Row> observe(Dataset<Row> kafkaRecords) {
    return kafkaRecords.observe(
        OBSERVATION,
        percentile_approx(
                unix_millis(col(RawSources.KAFKA_TIMESTAMP)),
                array(lit(0.01), lit(0.05), lit(0.5)),
                lit(1000))
            .as("quantiles"));
  }

  /** Latency of the batch reported by {@code progress}, visible at {@code visibleAt}. */
  public static Latency latency(StreamingQueryProgress progress, Instant visibleAt) {
    Row observed = progress.observedMetrics().get(OBSERVATION);
    if (observed == null || visibleAt == null || observed.isNullAt(0)) {
      return Latency.NONE;
    }
    List<Long> quantiles = observed.getList(0);
    long commit = visibleAt.toEpochMilli();
    return new Latency(
        commit - quantiles.get(2), commit - quantiles.get(1), commit - quantiles.get(0));
  }
}
