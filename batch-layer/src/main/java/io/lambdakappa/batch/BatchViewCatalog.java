package io.lambdakappa.batch;

import io.lambdakappa.runtime.Folders;
import io.lambdakappa.runtime.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The published batch views of a folder: {@code v1/}, {@code v2/}, … with their manifests {@code
 * v1.json}, {@code v2.json}. A view is published when its manifest exists, and the manifest is only
 * ever created by renaming a complete temporary file: a reader sees the old set of views or the new
 * one, never half a view.
 */
public final class BatchViewCatalog {

  private static final Pattern MANIFEST = Pattern.compile("v(\\d+)\\.json");

  private final Path folder;

  public BatchViewCatalog(Path folder) {
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }

  /** Where the files of view {@code version} go. */
  public Path dataFolder(long version) {
    return folder.resolve("v" + version);
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
    Path file = folder.resolve("v" + version + ".json");
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** The next version number: one more than any view folder, published or not. */
  public long nextVersion() {
    if (!Files.isDirectory(folder)) {
      return 1;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return 1
          + entries
              .map(path -> path.getFileName().toString())
              .map(name -> Pattern.compile("v(\\d+)(\\.json)?").matcher(name))
              .filter(Matcher::matches)
              .mapToLong(match -> Long.parseLong(match.group(1)))
              .max()
              .orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /** Publishes a view whose files are complete: writes its manifest atomically. */
  public void publish(BatchViewManifest manifest) {
    JsonFiles.write(folder.resolve("v" + manifest.version() + ".json"), manifest);
  }

  /** Removes a view: its manifest first (so it is no longer served), then its files. */
  public void remove(long version) {
    try {
      Files.deleteIfExists(folder.resolve("v" + version + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove view v" + version, e);
    }
    Folders.deleteRecursively(dataFolder(version));
  }

  private static BatchViewManifest read(Path file) {
    return JsonFiles.read(file, BatchViewManifest.class);
  }
}
