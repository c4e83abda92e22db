package io.lambdakappa.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code lk} in-process and keeps what it printed and its exit code. */
record LkRun(int exitCode, String out, String err) {

  static LkRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Lk.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new LkRun(code, out.toString(), err.toString());
  }
}
