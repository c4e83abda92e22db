package io.lambdakappa.cli;

import io.lambdakappa.runtime.Workspace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --workdir}: where everything a run writes lives. */
final class WorkspaceOption {

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description =
          "Working directory for data, broker, views and checkpoints (default: ${DEFAULT-VALUE}).",
      defaultValue = "lk-work")
  Path workdir;

  Workspace workspace() {
    return new Workspace(workdir);
  }
}
