package io.lambdakappa.runtime;

import io.lambdakappa.importer.EventImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A folder of JSON-lines part files. A new dataset is written to a staging folder inside it ({@code
 * .staging}, which no reader lists) and published only when complete: the parts, the truth summary
 * and the import's rejects of the previous dataset are removed, then the new files are moved in,
 * each with an atomic rename. A command that fails before publishing leaves the previous dataset
 * untouched; a crash in the middle of publishing (a few renames) leaves a folder that the next run
 * of the command replaces. Nothing else in the folder is touched.
 */
public final class DatasetFolder {

  private static final String STAGING = ".staging";

  private DatasetFolder() {}

  /** An empty staging folder for a new dataset of {@code folder}. */
  public static Path staging(Path folder) {
    Path staging = folder.resolve(STAGING);
    DataFiles.deleteRecursively(DataPath.of(staging)); // a failed run's leftovers
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + staging, e);
    }
    return staging;
  }

  /** Replaces the dataset of {@code folder} with the files staged in {@code staging}. */
  public static void publish(Path staging, Path folder) {
    clear(folder);
    try (Stream<Path> staged = Files.list(staging)) {
      for (Path file : staged.toList()) {
        Files.move(
            file, folder.resolve(file.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.delete(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the dataset in " + folder, e);
    }
  }

  public static void clear(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.matches("part-\\d+\\.jsonl")
            || name.equals(DatasetWriter.TRUTH_FILE)
            || name.equals(EventImporter.REJECTS_FILE)) {
          Files.delete(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + folder, e);
    }
  }
}
