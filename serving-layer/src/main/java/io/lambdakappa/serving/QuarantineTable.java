package io.lambdakappa.serving;

import io.lambdakappa.streaming.RejectedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The quarantine role of the view store: the records a stream refused, per micro-batch, with their
 * source, reason, message and raw text (docs/data-contract.md).
 */
final class QuarantineTable {

  private QuarantineTable() {}

  static void create(Statement sql) throws SQLException {
    sql.execute(
        """
        CREATE TABLE IF NOT EXISTS quarantine (
          view VARCHAR, generation BIGINT, batch_id BIGINT, source VARCHAR,
          reason VARCHAR, message VARCHAR, raw_text VARCHAR)""");
  }

  /** A replayed batch replaces the records it refused the first time, never adds to them. */
  static void replace(
      Connection writer, String view, long generation, long batchId, List<RejectedRecord> rejected)
      throws SQLException {
    try (PreparedStatement delete =
        writer.prepareStatement(
            "DELETE FROM quarantine WHERE view = ? AND generation = ? AND batch_id = ?")) {
      delete.setString(1, view);
      delete.setLong(2, generation);
      delete.setLong(3, batchId);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        writer.prepareStatement("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (RejectedRecord record : rejected) {
        insert.setString(1, view);
        insert.setLong(2, generation);
        insert.setLong(3, batchId);
        insert.setString(4, record.source());
        insert.setString(5, record.reason());
        insert.setString(6, record.message());
        insert.setString(7, record.rawText());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The newest refused records of a generation, at most {@code limit}. */
  static List<RejectedRecord> newest(SqlReader reader, String view, long generation, int limit)
      throws SQLException {
    PreparedStatement select =
        reader.prepared(
            "SELECT source, reason, message, raw_text FROM quarantine"
                + " WHERE view = ? AND generation = ? ORDER BY batch_id DESC, source LIMIT ?");
    select.setString(1, view);
    select.setLong(2, generation);
    select.setInt(3, limit);
    return records(select);
  }

  /**
   * The records a query selects as {@code source, reason, message, raw_text}: this table's, or a
   * batch view's quarantine files ({@link ParquetViews#quarantine}).
   */
  static List<RejectedRecord> records(PreparedStatement select) throws SQLException {
    List<RejectedRecord> records = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        records.add(
            new RejectedRecord(
                rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
      }
    }
    return records;
  }
}
