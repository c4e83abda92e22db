package io.lambdakappa.cli;

import io.lambdakappa.runtime.DatasetWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A folder of JSON-lines part files. Writing a new dataset into it first removes the parts and
 * truth summary of the previous one: a leftover part file would silently add old events to the new
 * dataset. Nothing else in the folder is touched.
 */
final class DatasetFolder {

  private DatasetFolder() {}

  static void clear(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.matches("part-\\d+\\.jsonl") || name.equals(DatasetWriter.TRUTH_FILE)) {
          Files.delete(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + folder, e);
    }
  }
}
