package io.lambdakappa.cli;

import io.lambdakappa.generate.GeneratorOptions;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape of generated data (keys, users, skew, jitter, lateness, duplicates, bad records, seed),
 * shared by every command that generates events: {@code lk generate} and the live runs.
 */
final class DataShapeOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  int keys;

  @Option(
      names = "--keys",
      paramLabel = "N",
      defaultValue = "100",
      description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  void setKeys(int value) {
    keys = Ranges.check(command, "--keys", value, 1, 1_000_000);
  }

  int users;

  @Option(
      names = "--users",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Distinct users (default: ${DEFAULT-VALUE}).")
  void setUsers(int value) {
    users = Ranges.check(command, "--users", value, 1, Integer.MAX_VALUE);
  }

  double keySkew;

  @Option(
      names = "--key-skew",
      paramLabel = "S",
      defaultValue = "1.1",
      description = "Zipf exponent of key popularity, 0 = uniform (default: ${DEFAULT-VALUE}).")
  void setKeySkew(double value) {
    keySkew = Ranges.check(command, "--key-skew", value, 0, 10);
  }

  @Option(
      names = "--jitter",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Out-of-order jitter of on-time events (default: ${DEFAULT-VALUE}).")
  Duration jitter;

  double lateFraction;

  @Option(
      names = "--late-fraction",
      paramLabel = "F",
      defaultValue = "0.01",
      description = "Fraction of events that arrive late (default: ${DEFAULT-VALUE}).")
  void setLateFraction(double value) {
    lateFraction = Ranges.check(command, "--late-fraction", value, 0, 1);
  }

  @Option(
      names = "--late-by",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How late a late event is (default: ${DEFAULT-VALUE}).")
  Duration lateBy;

  double duplicateFraction;

  @Option(
      names = "--duplicate-fraction",
      paramLabel = "F",
      defaultValue = "0.01",
      description = "Fraction of records that repeat an earlier event (default: ${DEFAULT-VALUE}).")
  void setDuplicateFraction(double value) {
    duplicateFraction = Ranges.check(command, "--duplicate-fraction", value, 0, 1);
  }

  double malformedFraction;

  @Option(
      names = "--malformed-fraction",
      paramLabel = "F",
      defaultValue = "0.005",
      description = "Fraction of bad records, of every kind (default: ${DEFAULT-VALUE}).")
  void setMalformedFraction(double value) {
    malformedFraction = Ranges.check(command, "--malformed-fraction", value, 0, 1);
  }

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
