package io.lambdakappa.logic;

import java.time.Duration;
import java.time.Instant;

/**
 * Every event-time knob of the business logic, in one small record that travels with the code that
 * needs it: the batch layer, the speed layer and the Kappa pipeline all receive one of these
 * instead of reading globals, so a reprocess "with a larger watermark" is just a new record.
 *
 * @param window the size of the tumbling windows metrics are computed over
 * @param watermarkDelay how far behind the largest event time seen an event may arrive and still be
 *     counted by a streaming query; batch reads ignore it because they see everything at once
 * @param maxRecordBytes records longer than this are quarantined before parsing
 * @param earliestEventTime event times before this are impossible and quarantined
 * @param latestEventTime event times at or after this are impossible and quarantined
 * @param maxValue the largest accepted {@code value}; anything above is an overflow
 * @param sketchLgK log2 of the number of HLL buckets for distinct users (12 gives about 1.6% error)
 * @param maxTimeAhead how far an event's time may be ahead of its arrival in the log; further, and
 *     it is quarantined ({@link RejectReason#EVENT_TIME_AHEAD}): one producer with a wrong clock
 *     would otherwise move the watermark into its future and make every other event late. Records
 *     whose arrival is unknown (lines of a file) are not checked
 */
public record LogicConfig(
    Duration window,
    Duration watermarkDelay,
    int maxRecordBytes,
    Instant earliestEventTime,
    Instant latestEventTime,
    double maxValue,
    int sketchLgK,
    Duration maxTimeAhead) {

  /** How far ahead of its arrival an event may be, unless configured otherwise. */
  public static final Duration DEFAULT_MAX_TIME_AHEAD = Duration.ofHours(1);

  public LogicConfig {
    if (maxTimeAhead == null) {
      maxTimeAhead = DEFAULT_MAX_TIME_AHEAD; // a Kappa version recorded before the setting existed
    }
    if (maxTimeAhead.isNegative()) {
      throw new IllegalArgumentException(
          "max time ahead must not be negative, got " + maxTimeAhead);
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    if (watermarkDelay.isNegative()) {
      throw new IllegalArgumentException(
          "watermark delay must not be negative, got " + watermarkDelay);
    }
    if (!earliestEventTime.isBefore(latestEventTime)) {
      throw new IllegalArgumentException("earliest event time must be before the latest");
    }
    if (!(maxValue > 0)) {
      throw new IllegalArgumentException("max value must be positive, got " + maxValue);
    }
    if (sketchLgK < 4 || sketchLgK > 21) {
      throw new IllegalArgumentException("sketchLgK must be within 4..21, got " + sketchLgK);
    }
  }

  /** One-minute windows, a two-minute watermark and generous sanity bounds. */
  public static LogicConfig defaults() {
    return new LogicConfig(
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        16 * 1024,
        Instant.parse("2000-01-01T00:00:00Z"),
        Instant.parse("2100-01-01T00:00:00Z"),
        1e12,
        12,
        DEFAULT_MAX_TIME_AHEAD);
  }

  public LogicConfig withWindow(Duration newWindow) {
    return new LogicConfig(
        newWindow,
        watermarkDelay,
        maxRecordBytes,
        earliestEventTime,
        latestEventTime,
        maxValue,
        sketchLgK,
        maxTimeAhead);
  }

  public LogicConfig withMaxTimeAhead(Duration newMaxTimeAhead) {
    return new LogicConfig(
        window,
        watermarkDelay,
        maxRecordBytes,
        earliestEventTime,
        latestEventTime,
        maxValue,
        sketchLgK,
        newMaxTimeAhead);
  }

  public LogicConfig withMaxValue(double newMaxValue) {
    return new LogicConfig(
        window,
        watermarkDelay,
        maxRecordBytes,
        earliestEventTime,
        latestEventTime,
        newMaxValue,
        sketchLgK,
        maxTimeAhead);
  }

  public LogicConfig withWatermarkDelay(Duration newDelay) {
    return new LogicConfig(
        window,
        newDelay,
        maxRecordBytes,
        earliestEventTime,
        latestEventTime,
        maxValue,
        sketchLgK,
        maxTimeAhead);
  }

  /** The window length in the form Spark's {@code window()} function accepts. */
  String windowInterval() {
    return window.toMillis() + " milliseconds";
  }

  /** The watermark delay in the form {@code Dataset.withWatermark} accepts. */
  String watermarkInterval() {
    return watermarkDelay.toMillis() + " milliseconds";
  }
}
