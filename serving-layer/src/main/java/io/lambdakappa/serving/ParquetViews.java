package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.streaming.RejectedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Views kept as Parquet files (Lambda's batch views), read in place whichever store holds the
 * streaming views: an in-memory DuckDB reads the files, nothing is loaded into the store. A
 * published batch view never changes, so a reader reads it once per version (Lambda's serving keeps
 * it in memory).
 */
public final class ParquetViews {

  /**
   * The metric columns read from a view's files. Spark writes instants (TIMESTAMP WITH TIME ZONE to
   * DuckDB); the JDBC driver would turn those into wall-clock times of the JVM's zone, so they are
   * cast to UTC wall-clock times here, in a session pinned to UTC.
   */
  private static final String VIEW =
      "(SELECT key, window_start::TIMESTAMP AS window_start, window_end::TIMESTAMP AS window_end,"
          + " events, value_sum, value_min, value_max, users_sketch FROM read_parquet(?))";

  private ParquetViews() {}

  /**
   * Every row of the view in {@code folder}, by key and window, on any file system: DuckDB reads
   * local files in place; from elsewhere (HDFS, an object store) the view's Parquet files are
   * copied to a temporary folder first. A batch view is small (one row per key and window) and read
   * once per version.
   */
  public static List<WindowMetrics> read(DataPath folder) {
    return readLocally(folder, ParquetViews::read);
  }

  /**
   * At most {@code limit} of the records a batch view's recompute refused (its quarantine folder,
   * Parquet), ordered by source.
   */
  public static List<RejectedRecord> quarantine(DataPath folder, int limit) {
    return readLocally(folder, local -> quarantine(local, limit));
  }

  private static List<RejectedRecord> quarantine(Path folder, int limit) {
    if (!hasParquetFiles(folder)) {
      return List.of(); // nothing was refused, and Spark wrote no file
    }
    try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbDatabase.inUtc(duckDb);
      try (PreparedStatement select =
          duckDb.prepareStatement(
              "SELECT source, reason, message, raw_text FROM read_parquet(?)"
                  + " ORDER BY source LIMIT ?")) {
        select.setString(1, folder.resolve("*.parquet").toString());
        select.setInt(2, limit);
        return QuarantineTable.records(select);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the quarantine in " + folder + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasParquetFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (var files = Files.list(folder)) {
      return files.anyMatch(file -> file.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /**
   * Reads a folder of Parquet files on any file system: DuckDB reads local files in place; from
   * elsewhere (HDFS, an object store) the files are copied to a temporary folder first.
   */
  private static <T> T readLocally(DataPath folder, Function<Path, T> read) {
    if (folder.isLocal()) {
      return read.apply(folder.local());
    }
    Path copy = null;
    try {
      copy = Files.createTempDirectory("lk-batch-view");
      DataFiles.copyToLocal(folder, copy, ".parquet");
      return read.apply(copy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the view in " + folder, e);
    } finally {
      if (copy != null) {
        DataFiles.deleteRecursively(DataPath.of(copy));
      }
    }
  }

  /** Every row of the view in the local {@code folder}, by key and window. */
  public static List<WindowMetrics> read(Path folder) {
    return query(
        folder,
        "SELECT " + MetricsTable.METRIC_COLUMNS + " FROM " + VIEW + " ORDER BY key, window_start",
        select -> {});
  }

  /** The rows of {@code key} with windows starting within {@code [from, to)}, in time order. */
  public static List<WindowMetrics> rows(Path folder, String key, Instant from, Instant to) {
    return query(
        folder,
        "SELECT "
            + MetricsTable.METRIC_COLUMNS
            + " FROM "
            + VIEW
            + " WHERE key = ? AND window_start >= ? AND window_start < ? ORDER BY window_start",
        select -> {
          select.setString(2, key);
          select.setObject(3, local(from));
          select.setObject(4, local(to));
        });
  }

  private interface Parameters {
    void set(PreparedStatement select) throws SQLException;
  }

  private static List<WindowMetrics> query(Path folder, String sql, Parameters parameters) {
    try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbDatabase.inUtc(duckDb);
      try (PreparedStatement select = duckDb.prepareStatement(sql)) {
        select.setString(1, folder.resolve("*.parquet").toString());
        parameters.set(select);
        return MetricsTable.metrics(select);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the view in " + folder + ": " + e.getMessage(), e);
    }
  }
}
