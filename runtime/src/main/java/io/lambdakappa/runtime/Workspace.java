package io.lambdakappa.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The layout of the working directory ({@code --workdir}, default {@code ./lk-work}). Everything a
 * run writes lives under it, so deleting it resets everything.
 *
 * <pre>
 *   data/                generated or imported event files, with truth.json
 *   kafka/               the embedded broker's log and cluster id
 *   master/              the Lambda master dataset: raw records (Parquet, append-only)
 *   archive/             Kappa+'s archive of the topic, the same raw format (lk experiment
 *                        retention-cliff)
 *   views/batch/         Lambda's batch views and their manifests
 *   views/kappa/         Kappa's version manifests
 *   checkpoints/speed/   the speed layer's checkpoints, one folder per generation
 *   checkpoints/kappa/   Kappa's checkpoints, one folder per version
 *   checkpoints/sweep/   the watermark sweep's replays (lk compare)
 *   baselines/           the hand-written Spark jobs' outputs (lk bench, lk compare)
 *   store/lk.duckdb      the view store
 *   store/api.address    the address of the API of the process that holds the store
 *   reports/             comparison reports
 * </pre>
 *
 * <p>Every path is named here once. DuckDB lets one process write a database file; other {@code lk}
 * processes reach the views through that process's API, whose address it leaves in the store
 * folder.
 *
 * <p>The data every process of a run must reach (the master dataset, the views and their manifests,
 * the checkpoints) lives under {@code dataRoot}: by default the working directory itself, on a
 * cluster a folder on HDFS ({@code --data-dir hdfs://namenode:port/lk}) or another file system
 * Hadoop reaches. What one process keeps to itself (the embedded broker, the DuckDB file, reports,
 * generated files) stays in the local working directory.
 *
 * @param dataRoot where {@code master/}, {@code views/} and {@code checkpoints/} are
 */
public record Workspace(Path root, DataPath dataRoot) {

  public static final Path DEFAULT_ROOT = Path.of("lk-work");

  public Workspace {
    root = root.toAbsolutePath().normalize();
  }

  /** A workspace with everything in the local working directory {@code root}. */
  public Workspace(Path root) {
    this(root, DataPath.of(root));
  }

  /** The same layout one level down, locally and in the data root: a run of its own. */
  public Workspace within(String name) {
    return new Workspace(root.resolve(name), dataRoot.resolve(name));
  }

  public Path data() {
    return dir("data");
  }

  public Path kafka() {
    return dir("kafka");
  }

  public DataPath master() {
    return dataRoot.resolve("master");
  }

  /** Kappa+'s archive of the topic: raw records, as the master dataset keeps them. */
  public DataPath archive() {
    return dataRoot.resolve("archive");
  }

  /** Where the hand-written baselines of {@code lk bench} and {@code lk compare} write. */
  public DataPath baselines() {
    return dataRoot.resolve("baselines");
  }

  public DataPath views() {
    return dataRoot.resolve("views");
  }

  public DataPath checkpoints() {
    return dataRoot.resolve("checkpoints");
  }

  public Path store() {
    return dir("store");
  }

  public Path reports() {
    return dir("reports");
  }

  public DataPath batchViews() {
    return views().resolve("batch");
  }

  public DataPath kappaVersions() {
    return views().resolve("kappa");
  }

  public DataPath speedCheckpoints() {
    return checkpoints().resolve("speed");
  }

  public DataPath kappaCheckpoints() {
    return checkpoints().resolve("kappa");
  }

  /** The checkpoints of {@code lk compare}'s watermark sweep. */
  public DataPath sweepCheckpoints() {
    return checkpoints().resolve("sweep");
  }

  /** The view store's database file. */
  public Path database() {
    return store().resolve("lk.duckdb");
  }

  public Path apiAddressFile() {
    return store().resolve("api.address");
  }

  /** Leaves the address of this process's API for other {@code lk} processes. */
  public void writeApiAddress(String address) {
    try {
      Files.createDirectories(store());
      Files.writeString(apiAddressFile(), address + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void removeApiAddress() {
    try {
      Files.deleteIfExists(apiAddressFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address of the API of the process that holds the store, if one runs. */
  public Optional<String> apiAddress() {
    Path file = apiAddressFile();
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sub-directory; whoever writes there first creates it, so reading never leaves traces. */
  private Path dir(String name) {
    return root.resolve(name);
  }
}
