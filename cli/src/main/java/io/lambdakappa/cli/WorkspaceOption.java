package io.lambdakappa.cli;

import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --workdir}: where everything a run writes lives; {@code --data-dir}: where its shared data
 * lives.
 */
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

  @Option(
      names = "--data-dir",
      paramLabel = "URI",
      description =
          "Where the data every process must reach lives (master dataset, views, checkpoints):"
              + " any file system Hadoop reaches, e.g. hdfs://127.0.0.1:19000/lk (default: the"
              + " workdir).")
  String dataDir;

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
    if (dataDir == null) {
      return new Workspace(workdir);
    }
    DataPath dataRoot;
    try {
      dataRoot = DataPath.parse(dataDir);
      DataFiles.createFolders(dataRoot);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new ParameterException(
          command.commandLine(),
          "--data-dir " + dataDir + ": cannot create it (" + e.getMessage() + ")");
    }
    return new Workspace(workdir, dataRoot);
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.FileAlreadyExistsException
        ? "a file of that name is in the way"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
