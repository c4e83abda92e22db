package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import io.lambdakappa.streaming.ArrivalTimes;
import io.lambdakappa.streaming.MicroBatchStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The micro-batch ledger of the view store: one record per committed micro-batch of a generation,
 * written in the transaction of the batch's rows and replaced by batch id.
 */
final class MicroBatchTable {

  private MicroBatchTable() {}

  static void create(Statement sql) throws SQLException {
    sql.execute(
        """
        CREATE TABLE IF NOT EXISTS micro_batches (
          view VARCHAR, generation BIGINT, batch_id BIGINT,
          input_rows BIGINT, quarantined BIGINT, duplicates BIGINT, dropped_late BIGINT,
          rows_upserted BIGINT, processing_ms BIGINT,
          latency_p50_ms DOUBLE PRECISION, latency_p99_ms DOUBLE PRECISION, committed_at TIMESTAMP,
          end_offsets VARCHAR,
          PRIMARY KEY (view, generation, batch_id))""");
    // Stores made before these figures were recorded gain the columns.
    sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS end_offsets VARCHAR");
    sql.execute(
        "ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS latency_p95_ms DOUBLE PRECISION");
    sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS latency_profile VARCHAR");
    sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS valid_events BIGINT");
    sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS counted_events BIGINT");
  }

  static void record(Connection writer, String view, long generation, MicroBatchStats stats)
      throws SQLException {
    try (PreparedStatement record =
        writer.prepareStatement(
            "INSERT INTO micro_batches (view, generation, batch_id, input_rows,"
                + " quarantined, duplicates, dropped_late, rows_upserted, processing_ms,"
                + " latency_p50_ms, latency_p99_ms, committed_at, end_offsets, latency_p95_ms,"
                + " latency_profile, valid_events, counted_events)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (view, generation, batch_id) DO UPDATE SET"
                + " input_rows = EXCLUDED.input_rows, quarantined = EXCLUDED.quarantined,"
                + " duplicates = EXCLUDED.duplicates, dropped_late = EXCLUDED.dropped_late,"
                + " rows_upserted = EXCLUDED.rows_upserted,"
                + " processing_ms = EXCLUDED.processing_ms,"
                + " latency_p50_ms = EXCLUDED.latency_p50_ms,"
                + " latency_p99_ms = EXCLUDED.latency_p99_ms,"
                + " committed_at = EXCLUDED.committed_at, end_offsets = EXCLUDED.end_offsets,"
                + " latency_p95_ms = EXCLUDED.latency_p95_ms,"
                + " latency_profile = EXCLUDED.latency_profile,"
                + " valid_events = EXCLUDED.valid_events,"
                + " counted_events = EXCLUDED.counted_events")) {
      record.setString(1, view);
      record.setLong(2, generation);
      record.setLong(3, stats.batchId());
      record.setLong(4, stats.inputRows());
      record.setLong(5, stats.quarantined());
      record.setLong(6, stats.duplicates());
      record.setLong(7, stats.droppedLate());
      record.setLong(8, stats.rowsUpserted());
      record.setLong(9, stats.processingMillis());
      record.setDouble(10, stats.latencyP50Millis());
      record.setDouble(11, stats.latencyP99Millis());
      record.setObject(12, local(stats.committedAt()));
      record.setString(
          13, stats.endOffsets().isEmpty() ? null : OffsetsJson.write(stats.endOffsets()));
      record.setDouble(14, stats.latencyP95Millis());
      record.setString(15, ArrivalTimes.format(stats.latencyProfileMillis()));
      record.setLong(16, stats.valid());
      record.setLong(17, stats.counted());
      record.executeUpdate();
    }
  }

  static List<MicroBatchStats> all(Connection writer, String view, long generation)
      throws SQLException {
    String query =
        "SELECT batch_id, input_rows, quarantined, duplicates, dropped_late, rows_upserted,"
            + " processing_ms, latency_p50_ms, latency_p99_ms, committed_at, end_offsets,"
            + " latency_p95_ms, latency_profile, coalesce(valid_events, 0),"
            + " coalesce(counted_events, 0)"
            + " FROM micro_batches"
            + " WHERE view = ? AND generation = ? ORDER BY batch_id";
    try (PreparedStatement select = writer.prepareStatement(query)) {
      select.setString(1, view);
      select.setLong(2, generation);
      List<MicroBatchStats> batches = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          batches.add(
              new MicroBatchStats(
                  rows.getLong(1),
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5),
                  rows.getLong(6),
                  rows.getLong(7),
                  rows.getDouble(8),
                  rows.getObject(12) == null ? Double.NaN : rows.getDouble(12),
                  rows.getDouble(9),
                  UtcTimes.instant(rows.getObject(10, LocalDateTime.class)),
                  OffsetsJson.read(rows.getString(11)),
                  ArrivalTimes.parse(rows.getString(13)),
                  rows.getLong(14),
                  rows.getLong(15)));
        }
      }
      return batches;
    }
  }

  static Optional<Long> lastBatchId(Connection writer, String view, long generation)
      throws SQLException {
    try (PreparedStatement select =
        writer.prepareStatement(
            "SELECT max(batch_id) FROM micro_batches WHERE view = ? AND generation = ?")) {
      select.setString(1, view);
      select.setLong(2, generation);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        long id = rows.getLong(1);
        return rows.wasNull() ? Optional.empty() : Optional.of(id);
      }
    }
  }

  /** When the generation last committed a micro-batch. */
  static Optional<Instant> freshness(SqlReader reader, String view, long generation)
      throws SQLException {
    PreparedStatement select =
        reader.prepared(
            "SELECT max(committed_at) FROM micro_batches WHERE view = ? AND generation = ?");
    select.setString(1, view);
    select.setLong(2, generation);
    try (ResultSet rows = select.executeQuery()) {
      rows.next();
      LocalDateTime last = rows.getObject(1, LocalDateTime.class);
      return Optional.ofNullable(last).map(UtcTimes::instant);
    }
  }
}
