package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Every number an {@code lk} command takes is checked as the command line is parsed: a value out of
 * its range is a usage error naming the option (exit 2) before a broker, a Spark session or a file
 * is touched. Found one by one before ({@code lk aggregate --top -3} started Spark and ran for 40 s
 * before it failed with exit 1), so this walks every option of every command: a new numeric option
 * without a range check fails here.
 */
class NumericOptionsTest {

  /** Options where any number is meaningful. */
  private static final Set<String> ANY_NUMBER = Set.of("--seed");

  private static final Set<Class<?>> NUMBERS =
      Set.of(
          int.class,
          Integer.class,
          long.class,
          Long.class,
          double.class,
          Double.class,
          float.class,
          Float.class);

  @Test
  void aNegativeNumberIsRefusedWhileParsingByEveryNumericOption() {
    List<String> accepted = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<List<String>, CommandSpec> command : commands().entrySet()) {
      for (OptionSpec option : command.getValue().options()) {
        if (!NUMBERS.contains(option.type()) || ANY_NUMBER.contains(option.longestName())) {
          continue;
        }
        checked++;
        List<String> args = new ArrayList<>(command.getKey());
        args.add(option.longestName());
        args.add("-3");
        Throwable thrown =
            catchThrowable(() -> Lk.commandLine().parseArgs(args.toArray(String[]::new)));
        boolean refusedByName =
            thrown instanceof ParameterException
                && thrown.getMessage().contains(option.longestName())
                && thrown.getMessage().contains("-3");
        if (!refusedByName) {
          accepted.add(
              String.join(" ", args) + " → " + (thrown == null ? "parsed" : thrown.getMessage()));
        }
      }
    }
    assertThat(checked).as("numeric options found").isGreaterThan(20);
    assertThat(accepted).as("options that took -3 while parsing").isEmpty();
  }

  @Test
  void aTopOfMinusThreeIsAUsageErrorBeforeSparkStarts() {
    LkRun run = LkRun.of("aggregate", "--top", "-3");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--top must be from 0 to")
        .contains("got -3")
        .contains("Usage: lk aggregate");
  }

  /** Every command and subcommand, by the words that call it. */
  private static Map<List<String>, CommandSpec> commands() {
    Map<List<String>, CommandSpec> all = new java.util.LinkedHashMap<>();
    collect(Lk.commandLine(), List.of(), all);
    return all;
  }

  private static void collect(
      CommandLine command, List<String> path, Map<List<String>, CommandSpec> all) {
    all.put(path, command.getCommandSpec());
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      if (sub.getValue().getCommandSpec().aliases().length > 0
          && !sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias: the command is collected under its name
      }
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      collect(sub.getValue(), subPath, all);
    }
  }
}
