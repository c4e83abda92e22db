package io.lambdakappa.runtime;

import java.nio.file.Path;

/**
 * The layout of the working directory ({@code --workdir}, default {@code ./lk-work}). Everything a
 * run writes lives under it, so deleting it resets everything.
 *
 * <pre>
 *   data/          generated or imported event files, with truth.json
 *   kafka/         the embedded broker's log and cluster id
 *   master/        the Lambda master dataset (Parquet, append-only)
 *   views/         batch views and their manifests
 *   checkpoints/   streaming checkpoints, one folder per query
 *   store/         the view store's database file
 *   reports/       comparison reports
 * </pre>
 */
public record Workspace(Path root) {

  public static final Path DEFAULT_ROOT = Path.of("lk-work");

  public Workspace {
    root = root.toAbsolutePath().normalize();
  }

  public Path data() {
    return dir("data");
  }

  public Path kafka() {
    return dir("kafka");
  }

  public Path master() {
    return dir("master");
  }

  public Path views() {
    return dir("views");
  }

  public Path checkpoints() {
    return dir("checkpoints");
  }

  public Path store() {
    return dir("store");
  }

  public Path reports() {
    return dir("reports");
  }

  /** A sub-directory; whoever writes there first creates it, so reading never leaves traces. */
  private Path dir(String name) {
    return root.resolve(name);
  }
}
