package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import io.lambdakappa.logic.WindowMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The views' rows in the DuckDB store: streaming views in {@code streaming_metrics}, one row per
 * (view, generation, key, window), and views kept as Parquet files (Lambda's batch views) read in
 * place.
 */
final class MetricsTable {

  private static final String METRIC_COLUMNS =
      "key, window_start, window_end, events, value_sum, value_min, value_max, users_sketch";

  /**
   * The same columns read from a batch view's Parquet files. Spark writes instants (TIMESTAMP WITH
   * TIME ZONE to DuckDB); the JDBC driver would turn those into wall-clock times of the JVM's zone,
   * so they are cast to UTC wall-clock times here, in a session pinned to UTC.
   */
  private static final String BATCH_VIEW =
      "(SELECT key, window_start::TIMESTAMP AS window_start, window_end::TIMESTAMP AS window_end,"
          + " events, value_sum, value_min, value_max, users_sketch FROM read_parquet(?))";

  /** Bytes of a row's fixed-width columns (two timestamps, a count, three decimals, ids). */
  private static final long FIXED_ROW_BYTES = 8 + 8 + 8 + 16 * 3 + 8 + 8;

  private MetricsTable() {}

  static void create(Statement sql) throws SQLException {
    sql.execute(
        """
        CREATE TABLE IF NOT EXISTS streaming_metrics (
          view VARCHAR, generation BIGINT, key VARCHAR,
          window_start TIMESTAMP, window_end TIMESTAMP, events BIGINT,
          value_sum DECIMAL(28,4), value_min DECIMAL(18,4), value_max DECIMAL(18,4),
          users_sketch BLOB, batch_id BIGINT,
          PRIMARY KEY (view, generation, key, window_start))""");
    // Where a micro-batch's rows land first, through DuckDB's appender (a prepared INSERT per row
    // runs at a few hundred rows a second; the appender at a hundred thousand).
    sql.execute(
        "CREATE TABLE IF NOT EXISTS streaming_staging AS SELECT * FROM streaming_metrics LIMIT 0");
  }

  /**
   * Replaces a micro-batch's window rows by (view, generation, key, window): they are full
   * aggregates, so a replayed batch writes the same values again.
   */
  static void upsert(
      Connection writer, String view, long generation, long batchId, List<WindowMetrics> rows)
      throws SQLException {
    try (DuckDBAppender staging =
        ((DuckDBConnection) writer)
            .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "streaming_staging")) {
      for (WindowMetrics row : rows) {
        staging
            .beginRow()
            .append(view)
            .append(generation)
            .append(row.key())
            .append(local(row.windowStart()))
            .append(local(row.windowEnd()))
            .append(row.events())
            .append(row.valueSum().setScale(4))
            .append(row.valueMin().setScale(4))
            .append(row.valueMax().setScale(4))
            .append(row.usersSketch())
            .append(batchId)
            .endRow();
      }
    }
    try (Statement sql = writer.createStatement()) {
      sql.execute("INSERT OR REPLACE INTO streaming_metrics SELECT * FROM streaming_staging");
      sql.execute("DELETE FROM streaming_staging");
    }
  }

  static List<WindowMetrics> streaming(
      SqlReader reader, String view, long generation, String key, Instant from, Instant to)
      throws SQLException {
    PreparedStatement select =
        reader.prepared(
            "SELECT "
                + METRIC_COLUMNS
                + " FROM streaming_metrics"
                + " WHERE view = ? AND generation = ? AND key = ? AND window_start >= ?"
                + " AND window_start < ? ORDER BY window_start");
    select.setString(1, view);
    select.setLong(2, generation);
    select.setString(3, key);
    select.setObject(4, local(from));
    select.setObject(5, local(to));
    return metrics(select);
  }

  static List<WindowMetrics> parquet(
      SqlReader reader, Path folder, String key, Instant from, Instant to) throws SQLException {
    PreparedStatement select =
        reader.prepared(
            "SELECT "
                + METRIC_COLUMNS
                + " FROM "
                + BATCH_VIEW
                + " WHERE key = ? AND window_start >= ? AND window_start < ? ORDER BY window_start");
    select.setString(1, parquetFiles(folder));
    select.setString(2, key);
    select.setObject(3, local(from));
    select.setObject(4, local(to));
    return metrics(select);
  }

  static List<WindowMetrics> wholeParquetView(SqlReader reader, Path folder) throws SQLException {
    PreparedStatement select =
        reader.prepared(
            "SELECT " + METRIC_COLUMNS + " FROM " + BATCH_VIEW + " ORDER BY key, window_start");
    select.setString(1, parquetFiles(folder));
    return metrics(select);
  }

  static ViewStore.ViewSize size(Connection writer, String view, long generation)
      throws SQLException {
    try (PreparedStatement select =
        writer.prepareStatement(
            "SELECT count(*), coalesce(sum(octet_length(users_sketch) + length(key)), 0)"
                + " FROM streaming_metrics WHERE view = ? AND generation = ?")) {
      select.setString(1, view);
      select.setLong(2, generation);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return new ViewStore.ViewSize(
            rows.getLong(1), rows.getLong(2) + rows.getLong(1) * FIXED_ROW_BYTES);
      }
    }
  }

  private static String parquetFiles(Path folder) {
    return folder.resolve("*.parquet").toString();
  }

  private static List<WindowMetrics> metrics(PreparedStatement select) throws SQLException {
    List<WindowMetrics> result = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        result.add(
            new WindowMetrics(
                rows.getString(1),
                UtcTimes.instant(rows.getObject(2, LocalDateTime.class)),
                UtcTimes.instant(rows.getObject(3, LocalDateTime.class)),
                rows.getLong(4),
                rows.getBigDecimal(5),
                rows.getBigDecimal(6),
                rows.getBigDecimal(7),
                rows.getBytes(8)));
      }
    }
    return result;
  }
}
