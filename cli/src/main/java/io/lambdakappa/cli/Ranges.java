package io.lambdakappa.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for numeric options, run by picocli as it parses (the options' setters call them): a
 * number out of range is a usage error naming the option (exit 2), before a broker, a Spark session
 * or a file is touched.
 */
final class Ranges {

  static final int MAX_PORT = 65_535;

  private Ranges() {}

  static long check(CommandSpec command, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(
          command.commandLine(), option + " must be from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  static int check(CommandSpec command, String option, int value, int min, int max) {
    return (int) check(command, option, (long) value, min, max);
  }

  static double check(CommandSpec command, String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) { // NaN fails too
      throw new ParameterException(
          command.commandLine(),
          option + " must be from " + plain(min) + " to " + plain(max) + ", got " + value);
    }
    return value;
  }

  /** A count with a floor and no ceiling: "--kills must be at least 0, got -1". */
  static long atLeast(CommandSpec command, String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          command.commandLine(), option + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  static int atLeast(CommandSpec command, String option, int value, int min) {
    return (int) atLeast(command, option, (long) value, min);
  }

  /** A number above 0, such as a cap or a rate. */
  static double positive(CommandSpec command, String option, double value) {
    if (!(value > 0 && value < Double.POSITIVE_INFINITY)) { // NaN fails too
      throw new ParameterException(
          command.commandLine(), option + " must be a positive number, got " + value);
    }
    return value;
  }

  /** 0 and 1, not 0.0 and 1.0. */
  private static String plain(double bound) {
    return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }
}
