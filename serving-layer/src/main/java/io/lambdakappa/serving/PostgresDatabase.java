package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import io.lambdakappa.logic.WindowMetrics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL database shared by several processes: the serving processes of both architectures, a
 * separate {@code lk lambda batch}, {@code lk query}. The store's tables live in a schema of their
 * own ({@link StoreLocation#schema()}), created on first use.
 *
 * <p>PostgreSQL's default isolation, READ COMMITTED, takes a new snapshot for every statement of a
 * transaction; a reader that read the served generation and then its rows could see a switch
 * between the two. Readers therefore run REPEATABLE READ: one snapshot per transaction, as in
 * DuckDB.
 */
final class PostgresDatabase implements StoreDatabase {

  private final StoreLocation location;

  PostgresDatabase(StoreLocation location) {
    this.location = location;
  }

  /** Several processes share a PostgreSQL store: a speed layer here, an API there. */
  @Override
  public boolean exclusive() {
    return false;
  }

  @Override
  public String describe() {
    return location.describe();
  }

  @Override
  public Connection openWriter() throws SQLException {
    return connect();
  }

  @Override
  public Connection openReader(Connection writer) throws SQLException {
    Connection reader = connect();
    reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    return reader;
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (location.user() != null) {
      properties.setProperty("user", location.user());
    }
    if (location.password() != null) {
      properties.setProperty("password", location.password());
    }
    properties.setProperty("currentSchema", location.schema());
    // A micro-batch's rows go as one multi-row INSERT instead of one round trip per row.
    properties.setProperty("reWriteBatchedInserts", "true");
    // A database that does not answer is an error, not a hang.
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("ApplicationName", "lk");
    Connection connection = DriverManager.getConnection(location.jdbcUrl(), properties);
    try (Statement sql = connection.createStatement()) {
      sql.execute("SET TimeZone = 'UTC'");
    }
    return connection;
  }

  @Override
  public void beforeCreatingTables(Statement sql) throws SQLException {
    // Held until the creating transaction ends: one process creates, the others then see it done.
    sql.execute("SELECT pg_advisory_xact_lock(hashtext('lk view store tables'))");
    // The schema's name was checked when the location was parsed: it is a plain identifier.
    sql.execute("CREATE SCHEMA IF NOT EXISTS " + location.schema());
  }

  @Override
  public void createOwnTables(Statement sql) {
    // Nothing: rows go straight into streaming_metrics.
  }

  @Override
  public void upsertMetrics(
      Connection writer, String view, long generation, long batchId, List<WindowMetrics> rows)
      throws SQLException {
    try (PreparedStatement upsert =
        writer.prepareStatement(
            "INSERT INTO streaming_metrics (view, generation, key, window_start, window_end,"
                + " events, value_sum, value_min, value_max, users_sketch, batch_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (view, generation, key, window_start) DO UPDATE SET"
                + " window_end = EXCLUDED.window_end, events = EXCLUDED.events,"
                + " value_sum = EXCLUDED.value_sum, value_min = EXCLUDED.value_min,"
                + " value_max = EXCLUDED.value_max, users_sketch = EXCLUDED.users_sketch,"
                + " batch_id = EXCLUDED.batch_id")) {
      for (WindowMetrics row : rows) {
        upsert.setString(1, view);
        upsert.setLong(2, generation);
        upsert.setString(3, row.key());
        upsert.setObject(4, local(row.windowStart()));
        upsert.setObject(5, local(row.windowEnd()));
        upsert.setLong(6, row.events());
        upsert.setBigDecimal(7, row.valueSum().setScale(4));
        upsert.setBigDecimal(8, row.valueMin().setScale(4));
        upsert.setBigDecimal(9, row.valueMax().setScale(4));
        upsert.setBytes(10, row.usersSketch());
        upsert.setLong(11, batchId);
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }
}
