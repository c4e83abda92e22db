package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * The served-version pointer of the view store: one row per view, which generation readers get. A
 * switch is one write to it.
 */
final class ServedTable {

  private ServedTable() {}

  static void create(Statement sql) throws SQLException {
    sql.execute(
        """
        CREATE TABLE IF NOT EXISTS served (
          view VARCHAR PRIMARY KEY, generation BIGINT, switched_at TIMESTAMP)""");
  }

  static void serve(Connection writer, String view, long generation) throws SQLException {
    try (PreparedStatement upsert =
        writer.prepareStatement(
            "INSERT INTO served VALUES (?, ?, ?) ON CONFLICT (view) DO UPDATE SET"
                + " generation = EXCLUDED.generation, switched_at = EXCLUDED.switched_at")) {
      upsert.setString(1, view);
      upsert.setLong(2, generation);
      upsert.setObject(3, local(Instant.now()));
      upsert.executeUpdate();
    }
  }

  static Optional<Long> served(SqlReader reader, String view) throws SQLException {
    PreparedStatement select = reader.prepared("SELECT generation FROM served WHERE view = ?");
    select.setString(1, view);
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
    }
  }
}
