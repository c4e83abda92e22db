package io.lambdakappa.cli;

import io.lambdakappa.runtime.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --workdir}: where everything a run writes lives. */
final class WorkspaceOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description =
          "Working directory for data, broker, views and checkpoints (default: ${DEFAULT-VALUE}).",
      defaultValue = "lk-work")
  Path workdir;

  /**
   * The workspace, checked first: a folder that cannot be created or written is a usage error
   * naming it, at once, not a failure deep inside a Spark stage later.
   */
  Workspace workspace() {
    try {
      Files.createDirectories(workdir);
    } catch (IOException e) {
      throw new ParameterException(
          command.commandLine(),
          "--workdir " + workdir + ": cannot create it (" + describe(e) + ")");
    }
    if (!Files.isWritable(workdir)) {
      throw new ParameterException(
          command.commandLine(), "--workdir " + workdir + ": the folder is not writable");
    }
    return new Workspace(workdir);
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.FileAlreadyExistsException
        ? "a file of that name is in the way"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
