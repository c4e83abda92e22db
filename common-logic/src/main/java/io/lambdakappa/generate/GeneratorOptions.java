package io.lambdakappa.generate;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything that shapes a generated dataset. The same options always give byte-identical output.
 *
 * @param seed the random seed
 * @param records how many records to write in all (valid, duplicate and malformed)
 * @param keys how many distinct keys (pages, products…) events are grouped by
 * @param users how many distinct users
 * @param keySkew the Zipf exponent of key popularity: 0 is uniform, 1.1 is a typical web skew
 * @param start the event time of the first record
 * @param span the event-time span the records cover; arrivals are spread evenly over it
 * @param jitter how far an on-time event's time may fall behind its arrival (out of order)
 * @param lateFraction the fraction of events that arrive {@code lateBy} after their event time
 * @param lateBy how late a late event is, on top of the jitter
 * @param duplicateFraction the fraction of records that repeat an earlier event exactly
 * @param malformedFraction the fraction of records that are bad, spread over every kind
 */
public record GeneratorOptions(
    long seed,
    long records,
    int keys,
    int users,
    double keySkew,
    Instant start,
    Duration span,
    Duration jitter,
    double lateFraction,
    Duration lateBy,
    double duplicateFraction,
    double malformedFraction) {

  public GeneratorOptions {
    requireAtLeast("records", records, 0);
    requireAtLeast("keys", keys, 1);
    requireAtLeast("users", users, 1);
    requireFraction("late fraction", lateFraction);
    requireFraction("duplicate fraction", duplicateFraction);
    requireFraction("malformed fraction", malformedFraction);
    if (duplicateFraction + malformedFraction > 1) {
      throw new IllegalArgumentException(
          "duplicate and malformed fractions add up to more than 1: "
              + (duplicateFraction + malformedFraction));
    }
    if (keySkew < 0) {
      throw new IllegalArgumentException("key skew must be >= 0, got " + keySkew);
    }
    if (span.isNegative() || jitter.isNegative() || lateBy.isNegative()) {
      throw new IllegalArgumentException("span, jitter and lateness must not be negative");
    }
  }

  /** 100k records over one hour of event time, with a little of every kind of trouble. */
  public static GeneratorOptions defaults() {
    return new GeneratorOptions(
        42,
        100_000,
        100,
        10_000,
        1.1,
        Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        0.01,
        Duration.ofMinutes(10),
        0.01,
        0.005);
  }

  /** The same shape of data, {@code records} long over {@code span} from {@code start}. */
  public GeneratorOptions resized(long newRecords, Instant newStart, Duration newSpan) {
    return reshaped(seed, newRecords, newStart, newSpan);
  }

  /**
   * Live traffic that follows this data: the same shape from {@code start} (usually now), and the
   * next seed, so its event ids are new ones.
   */
  public GeneratorOptions live(long newRecords, Instant newStart, Duration newSpan) {
    return reshaped(seed + 1, newRecords, newStart, newSpan);
  }

  private GeneratorOptions reshaped(
      long newSeed, long newRecords, Instant newStart, Duration newSpan) {
    return new GeneratorOptions(
        newSeed,
        newRecords,
        keys,
        users,
        keySkew,
        newStart,
        newSpan,
        jitter,
        lateFraction,
        lateBy,
        duplicateFraction,
        malformedFraction);
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], got " + value);
    }
  }
}
