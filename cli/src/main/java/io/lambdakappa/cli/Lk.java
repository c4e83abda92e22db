package io.lambdakappa.cli;

import io.lambdakappa.engine.QuietLogging;
import java.time.ZoneOffset;
import java.util.TimeZone;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lk} command: runs either architecture on the same dataset. {@code main} is wiring
 * only; each subcommand is a class of its own.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 bad usage (with a message that names the bad
 * value and what is accepted, and the usage).
 */
@Command(
    name = "lk",
    mixinStandardHelpOptions = true,
    versionProvider = LkVersion.class,
    description = "Lambda and Kappa architectures, side by side, on the same data.",
    subcommands = {
      GenerateCommand.class,
      ImportCommand.class,
      AggregateCommand.class,
      LambdaCommand.class,
      KappaCommand.class,
      CompareCommand.class,
      BenchCommand.class,
      ExperimentCommand.class,
      QueryCommand.class,
      BrokerCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Lk implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Every time lk prints, logs or hands to an engine is UTC, whatever the host's zone (Spark's
    // session and DuckDB's connections pin it too).
    TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
    QuietLogging.replaceFallback(); // before the broker or Spark log anything
    Foreground.watchForStop();
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Lk());
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine
        .getSubcommands()
        .get("generate-completion")
        .getCommandSpec()
        .usageMessage()
        .hidden(false);
    return commandLine;
  }

  /** {@code lk} alone prints the usage: there is no sensible default among the subcommands. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
