package io.lambdakappa.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deleting a folder and everything in it, for views and archives that are dropped or redone, and
 * measuring what a folder holds.
 */
public final class Folders {

  private Folders() {}

  public static void deleteRecursively(Path folder) {
    // A stopped streaming query's state store may still write a snapshot for a moment: files can
    // appear or vanish while we delete. Try a few times before giving up.
    for (int attempt = 1; ; attempt++) {
      try {
        deleteOnce(folder);
        return;
      } catch (IOException e) {
        if (attempt == 5) {
          throw new UncheckedIOException("cannot delete " + folder, e);
        }
        sleep(200L * attempt);
      }
    }
  }

  private static void deleteOnce(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause(); // the walk met a file that vanished
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting", e);
    }
  }

  /**
   * The bytes of every file under {@code folder}; 0 if it does not exist. A running query writes
   * and renames temporary files meanwhile: a file that vanishes during the walk is not counted.
   */
  public static long size(Path folder) {
    if (!Files.exists(folder)) {
      return 0;
    }
    long[] bytes = {0};
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              bytes[0] += attributes.size();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // gone since it was listed
            }
          });
      return bytes[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + folder, e);
    }
  }

  /** The folders directly inside {@code folder}; 0 if it does not exist. */
  public static int count(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return (int) entries.filter(Files::isDirectory).count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
