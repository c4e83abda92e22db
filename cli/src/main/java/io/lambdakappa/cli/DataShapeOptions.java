package io.lambdakappa.cli;

import io.lambdakappa.generate.GeneratorOptions;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The shape of generated data (keys, users, skew, jitter, lateness, duplicates, bad records, seed),
 * shared by every command that generates events: {@code lk generate} and the live runs.
 */
final class DataShapeOptions {

  @Option(
      names = "--keys",
      paramLabel = "N",
      defaultValue = "100",
      description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(
      names = "--users",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Distinct users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--key-skew",
      paramLabel = "S",
      defaultValue = "1.1",
      description = "Zipf exponent of key popularity, 0 = uniform (default: ${DEFAULT-VALUE}).")
  double keySkew;

  @Option(
      names = "--jitter",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Out-of-order jitter of on-time events (default: ${DEFAULT-VALUE}).")
  Duration jitter;

  @Option(
      names = "--late-fraction",
      paramLabel = "F",
      defaultValue = "0.01",
      description = "Fraction of events that arrive late (default: ${DEFAULT-VALUE}).")
  double lateFraction;

  @Option(
      names = "--late-by",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How late a late event is (default: ${DEFAULT-VALUE}).")
  Duration lateBy;

  @Option(
      names = "--duplicate-fraction",
      paramLabel = "F",
      defaultValue = "0.01",
      description = "Fraction of records that repeat an earlier event (default: ${DEFAULT-VALUE}).")
  double duplicateFraction;

  @Option(
      names = "--malformed-fraction",
      paramLabel = "F",
      defaultValue = "0.005",
      description = "Fraction of bad records, of every kind (default: ${DEFAULT-VALUE}).")
  double malformedFraction;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The generator options for {@code records} records from {@code start} over {@code span}. */
  GeneratorOptions options(long records, Instant start, Duration span) {
    return new GeneratorOptions(
        seed,
        records,
        keys,
        users,
        keySkew,
        start,
        span,
        jitter,
        lateFraction,
        lateBy,
        duplicateFraction,
        malformedFraction);
  }
}
