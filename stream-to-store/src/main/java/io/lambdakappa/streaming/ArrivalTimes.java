package io.lambdakappa.streaming;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.unix_millis;

import io.lambdakappa.logic.EventSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Event-to-visible latency, measured without touching the logic: the Kafka record timestamps of a
 * micro-batch are observed on the way in (a few of their percentiles), and the batch is visible at
 * the moment its rows commit to the view. Every record of a batch becomes visible at once, so the
 * record that arrived at the p-th percentile of arrival times waited {@code commit − arrival}: the
 * batch's latency at probability {@code 1 − p}. The result is the batch's <b>latency profile</b>:
 * its latency at each of {@link #PROBABILITIES}, from which {@link EventLatency} draws the
 * quantiles over all events of many batches.
 */
public final class ArrivalTimes {

  public static final String OBSERVATION = "lk_arrivals";

  /** The probabilities a latency profile is given at, ascending. */
  public static final List<Double> PROBABILITIES =
      List.of(0.0, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 1.0);

  private ArrivalTimes() {}

  /**
   * The latency of one micro-batch, in milliseconds: its median, 95th and 99th percentile, and its
   * whole profile at {@link #PROBABILITIES} (empty when the batch read nothing).
   */
  public record Latency(
      double p50Millis, double p95Millis, double p99Millis, List<Double> profileMillis) {
    public static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, List.of());
  }

  /** Observes the record timestamps of a Kafka stream read with {@link RawSources#kafkaStream}. */
  public static Dataset<Row> observe(Dataset<Row> kafkaRecords) {
    // Arrival percentiles at 1 − p for each p of the profile: the earliest arrivals waited longest.
    Column[] arrivalProbabilities =
        PROBABILITIES.stream().map(p -> lit(1.0 - p)).toArray(Column[]::new);
    return kafkaRecords.observe(
        OBSERVATION,
        percentile_approx(
                unix_millis(col(EventSchema.ARRIVAL)), array(arrivalProbabilities), lit(1000))
            .as("quantiles"));
  }

  /**
   * Latency of the batch whose observations are {@code observedMetrics}, visible at {@code
   * visibleAt}.
   */
  public static Latency latency(Map<String, Row> observedMetrics, Instant visibleAt) {
    Row observed = observedMetrics.get(OBSERVATION);
    if (observed == null || visibleAt == null || observed.isNullAt(0)) {
      return Latency.NONE;
    }
    List<Long> arrivals = observed.getList(0);
    long commit = visibleAt.toEpochMilli();
    List<Double> profile = new ArrayList<>();
    for (Long arrival : arrivals) {
      profile.add((double) (commit - arrival));
    }
    return new Latency(at(profile, 0.50), at(profile, 0.95), at(profile, 0.99), profile);
  }

  private static double at(List<Double> profile, double probability) {
    return profile.get(PROBABILITIES.indexOf(probability));
  }

  /** The profile as text for a store column: the latencies, comma-separated. */
  public static String format(List<Double> profile) {
    return String.join(",", profile.stream().map(v -> Long.toString(Math.round(v))).toList());
  }

  /** The profile back from {@link #format}; empty for null or empty text. */
  public static List<Double> parse(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(Double::valueOf).toList();
  }
}
