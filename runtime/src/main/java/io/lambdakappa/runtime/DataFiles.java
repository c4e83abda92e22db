package io.lambdakappa.runtime;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;

/**
 * The project's own file operations on {@link DataPath}s, through Hadoop's {@link FileSystem}: the
 * same code for a local folder, HDFS or an object store. (Local files go through Hadoop's raw local
 * file system, so no {@code .crc} files appear beside them.)
 *
 * <p>Atomic replacement, which the batch layer's "commit" and "publish" rest on, is a write to a
 * temporary name and a rename over the target ({@link #writeAtomically}). Rename is atomic on local
 * file systems and on HDFS. On S3 it is a copy and a delete, but the target object still appears
 * whole or not at all, and what the project publishes is always a small manifest written last,
 * after the files it names: a reader that trusts only manifests never sees half a view there
 * either.
 */
public final class DataFiles {

  private static final Configuration HADOOP = hadoopConfiguration();

  private DataFiles() {}

  private static Configuration hadoopConfiguration() {
    Configuration configuration = new Configuration();
    configuration.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    configuration.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    configuration.setBoolean("fs.file.impl.disable.cache", true);
    return configuration;
  }

  private static FileSystem fileSystem(DataPath path) throws IOException {
    return FileSystem.get(path.uri(), HADOOP);
  }

  private static org.apache.hadoop.fs.Path hadoop(DataPath path) {
    return new org.apache.hadoop.fs.Path(path.uri());
  }

  public static boolean exists(DataPath path) {
    try {
      return fileSystem(path).exists(hadoop(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path, e);
    }
  }

  public static boolean isDirectory(DataPath path) {
    try {
      return fileSystem(path).getFileStatus(hadoop(path)).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path, e);
    }
  }

  /** What {@code folder} holds, files and folders; nothing if it does not exist. */
  public static List<DataPath> list(DataPath folder) {
    try {
      List<DataPath> entries = new ArrayList<>();
      for (FileStatus status : fileSystem(folder).listStatus(hadoop(folder))) {
        entries.add(folder.resolve(status.getPath().getName()));
      }
      return entries;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /** The folders directly inside {@code folder}; 0 if it does not exist. */
  public static int countFolders(DataPath folder) {
    return (int) list(folder).stream().filter(DataFiles::isDirectory).count();
  }

  /**
   * The bytes of every file under {@code folder}; 0 if it does not exist. A running query writes
   * and renames temporary files meanwhile: a file that vanishes during the walk is not counted.
   */
  public static long size(DataPath folder) {
    try {
      return fileSystem(folder).getContentSummary(hadoop(folder)).getLength();
    } catch (FileNotFoundException e) {
      return 0;
    } catch (IOException e) {
      // A file renamed away during the walk: walk again, once, before giving up.
      try {
        return fileSystem(folder).getContentSummary(hadoop(folder)).getLength();
      } catch (FileNotFoundException gone) {
        return 0;
      } catch (IOException again) {
        throw new UncheckedIOException("cannot measure " + folder, again);
      }
    }
  }

  /**
   * Deletes a folder and everything in it (or a file); nothing if it does not exist. A stopped
   * streaming query's state store may still write a snapshot for a moment: files can appear while
   * we delete. Tries a few times before giving up.
   */
  public static void deleteRecursively(DataPath path) {
    for (int attempt = 1; ; attempt++) {
      try {
        FileSystem fileSystem = fileSystem(path);
        fileSystem.delete(hadoop(path), true);
        if (!fileSystem.exists(hadoop(path))) {
          return;
        }
        if (attempt == 5) {
          throw new IOException("files keep appearing in it");
        }
      } catch (IOException e) {
        if (attempt == 5) {
          throw new UncheckedIOException("cannot delete " + path, e);
        }
      }
      sleep(200L * attempt);
    }
  }

  public static byte[] read(DataPath file) {
    try (InputStream in = fileSystem(file).open(hadoop(file))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code bytes} to {@code file} atomically: whole to a temporary name beside it, then
   * renamed over it, so a reader (or a process restarted after a crash) sees the old file or the
   * new one, never half of one.
   */
  public static void writeAtomically(DataPath file, byte[] bytes) {
    DataPath folder = parent(file);
    DataPath temporary = folder.resolve("." + file.name() + ".tmp");
    try {
      FileSystem fileSystem = fileSystem(file);
      fileSystem.mkdirs(hadoop(folder));
      try (OutputStream out = fileSystem.create(hadoop(temporary), true)) {
        out.write(bytes);
      }
      FileContext.getFileContext(file.uri(), HADOOP)
          .rename(hadoop(temporary), hadoop(file), Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Copies the files of {@code folder} whose names end with {@code suffix} into {@code target}. */
  public static void copyToLocal(DataPath folder, java.nio.file.Path target, String suffix) {
    try {
      FileSystem fileSystem = fileSystem(folder);
      for (DataPath file : list(folder)) {
        if (file.name().endsWith(suffix)) {
          try (InputStream in = fileSystem.open(hadoop(file))) {
            java.nio.file.Files.copy(in, target.resolve(file.name()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + folder + " to " + target, e);
    }
  }

  /** Creates the folder and its parents, if missing. */
  public static void createFolders(DataPath folder) {
    try {
      fileSystem(folder).mkdirs(hadoop(folder));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
  }

  private static DataPath parent(DataPath file) {
    org.apache.hadoop.fs.Path parent = hadoop(file).getParent();
    return new DataPath(parent.toUri());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting", e);
    }
  }
}
