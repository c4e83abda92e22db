package io.lambdakappa.cli;

import io.lambdakappa.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code lk} in-process and keeps what it printed and its exit code. */
record LkRun(int exitCode, String out, String err) {

  /**
   * The arguments of {@code lk command subcommand} on {@code topic} of the test JVM's shared
   * broker, in {@code workdir}, then {@code options}.
   */
  static String[] onSharedBroker(
      Path workdir, String command, String subcommand, String topic, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                subcommand,
                "--workdir",
                workdir.toString(),
                "--bootstrap-servers",
                SharedKafka.get().bootstrapServers(),
                "--topic",
                topic));
    args.addAll(List.of(options));
    return args.toArray(String[]::new);
  }

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
