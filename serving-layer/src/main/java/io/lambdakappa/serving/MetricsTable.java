package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import io.lambdakappa.logic.WindowMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The views' rows: streaming views in {@code streaming_metrics}, one row per (view, generation,
 * key, window). How a micro-batch's rows get in is the database's business ({@link
 * StoreDatabase#upsertMetrics}).
 */
final class MetricsTable {

  static final String METRIC_COLUMNS =
      "key, window_start, window_end, events, value_sum, value_min, value_max, users_sketch";

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
          users_sketch BYTEA, batch_id BIGINT,
          PRIMARY KEY (view, generation, key, window_start))""");
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

  /** All the rows of one generation of a streaming view, by key and window start. */
  static List<WindowMetrics> generation(SqlReader reader, String view, long generation)
      throws SQLException {
    PreparedStatement select =
        reader.prepared(
            "SELECT "
                + METRIC_COLUMNS
                + " FROM streaming_metrics WHERE view = ? AND generation = ?"
                + " ORDER BY key, window_start");
    select.setString(1, view);
    select.setLong(2, generation);
    return metrics(select);
  }

  static ViewStore.ViewSize size(Connection writer, String view, long generation)
      throws SQLException {
    try (PreparedStatement select =
        writer.prepareStatement(
            "SELECT count(*), coalesce(sum(octet_length(users_sketch) + length(key)), 0),"
                + " coalesce(sum(events), 0)"
                + " FROM streaming_metrics WHERE view = ? AND generation = ?")) {
      select.setString(1, view);
      select.setLong(2, generation);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return new ViewStore.ViewSize(
            rows.getLong(1), rows.getLong(2) + rows.getLong(1) * FIXED_ROW_BYTES, rows.getLong(3));
      }
    }
  }

  /** The rows of a query that selects {@link #METRIC_COLUMNS}, in order. */
  static List<WindowMetrics> metrics(PreparedStatement select) throws SQLException {
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
