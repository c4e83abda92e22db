package io.lambdakappa.batch;

import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.JsonFiles;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published batch views of a folder: {@code v1/}, {@code v2/}, … with their quarantines {@code
 * v1-quarantine/}, their tails {@code v1-tail/}, … and their manifests {@code v1.json}, {@code
 * v2.json}. A view is published when its manifest exists, and the manifest is only ever created by
 * renaming a complete temporary file: a reader sees the old set of views or the new one, never half
 * a view.
 */
public final class BatchViewCatalog {

  private static final Pattern MANIFEST = Pattern.compile("v(\\d+)\\.json");

  private final DataPath folder;

  public BatchViewCatalog(DataPath folder) {
    this.folder = folder;
  }

  public DataPath folder() {
    return folder;
  }

  /** Where the files of view {@code version} go. */
  public DataPath dataFolder(long version) {
    return folder.resolve("v" + version);
  }

  /** Where the quarantine of view {@code version} goes: the records its recompute refused. */
  public DataPath quarantineFolder(long version) {
    return folder.resolve("v" + version + "-quarantine");
  }

  /** Where the tail of view {@code version} goes (see {@link BatchViewManifest#tailPath}). */
  public DataPath tailFolder(long version) {
    return folder.resolve("v" + version + "-tail");
  }

  /** Every published view, oldest first. */
  public List<BatchViewManifest> published() {
    return JsonFiles.readAll(folder, MANIFEST, BatchViewManifest.class).stream()
        .sorted(Comparator.comparingLong(BatchViewManifest::version))
        .toList();
  }

  /** The newest published view, if any. */
  public Optional<BatchViewManifest> latest() {
    List<BatchViewManifest> all = published();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** A published view by version. */
  public Optional<BatchViewManifest> version(long version) {
    DataPath file = folder.resolve("v" + version + ".json");
    return DataFiles.exists(file)
        ? Optional.of(JsonFiles.read(file, BatchViewManifest.class))
        : Optional.empty();
  }

  /** The next version number: one more than any view's folder, published or not. */
  public long nextVersion() {
    return 1
        + DataFiles.list(folder).stream()
            .map(
                path -> Pattern.compile("v(\\d+)(\\.json|-quarantine|-tail)?").matcher(path.name()))
            .filter(Matcher::matches)
            .mapToLong(match -> Long.parseLong(match.group(1)))
            .max()
            .orElse(0);
  }

  /** Publishes a view whose files are complete: writes its manifest atomically. */
  public void publish(BatchViewManifest manifest) {
    JsonFiles.write(folder.resolve("v" + manifest.version() + ".json"), manifest);
  }

  /** Removes a view: its manifest first (so it is no longer served), then its files. */
  public void remove(long version) {
    DataFiles.deleteRecursively(folder.resolve("v" + version + ".json"));
    DataFiles.deleteRecursively(dataFolder(version));
    DataFiles.deleteRecursively(quarantineFolder(version));
    DataFiles.deleteRecursively(tailFolder(version));
  }
}
