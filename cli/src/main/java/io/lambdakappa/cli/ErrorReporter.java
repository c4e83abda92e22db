package io.lambdakappa.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure inside a command into one readable line on stderr and exit code 1. Set {@code
 * LK_DEBUG=1} to see the stack trace as well. A bad value found only while running (say, a file
 * that does not exist) is a usage error: exit code 2 and the usage.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    if (Foreground.stopping()) {
      // Ctrl-C or SIGTERM while the command ran: Spark's queries and context are being stopped
      // under it, and the error it meets is the stop, not a fault. The JVM exits 130 or 143.
      commandLine
          .getErr()
          .println("lk: stopped before it finished; run the same command again to resume");
      return 130;
    }
    if (exception instanceof IllegalArgumentException) {
      commandLine.getErr().println("lk: " + exception.getMessage());
      commandLine.usage(commandLine.getErr());
      return 2;
    }
    commandLine.getErr().println("lk: error: " + describe(exception));
    if (System.getenv("LK_DEBUG") != null) {
      exception.printStackTrace(commandLine.getErr());
    } else {
      commandLine.getErr().println("(set LK_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  private static String describe(Throwable exception) {
    StringBuilder text = new StringBuilder(String.valueOf(exception.getMessage()));
    Throwable cause = exception.getCause();
    if (cause != null
        && cause.getMessage() != null
        && !text.toString().contains(cause.getMessage())) {
      text.append(" (").append(cause.getMessage()).append(')');
    }
    return text.toString();
  }
}
