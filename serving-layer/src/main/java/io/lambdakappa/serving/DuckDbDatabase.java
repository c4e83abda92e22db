package io.lambdakappa.serving;

import static io.lambdakappa.serving.UtcTimes.local;

import io.lambdakappa.logic.WindowMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded default: a DuckDB file in the workspace. DuckDB allows one writing process per file,
 * which fits a serving layer that lives in the process that runs the pipelines; readers are
 * connections duplicated from the writer's database, each reading a consistent snapshot.
 */
final class DuckDbDatabase implements StoreDatabase {

  private final Path file;

  DuckDbDatabase(Path file) {
    this.file = file.toAbsolutePath();
  }

  /** DuckDB lets one process open a database file for writing. */
  @Override
  public boolean exclusive() {
    return true;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public Connection openWriter() throws SQLException {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
    inUtc(connection);
    return connection;
  }

  @Override
  public Connection openReader(Connection writer) throws SQLException {
    Connection reader = ((DuckDBConnection) writer).duplicate();
    inUtc(reader);
    return reader;
  }

  @Override
  public void beforeCreatingTables(Statement sql) {
    // One process per file: nobody else can be creating them.
  }

  /**
   * Where a micro-batch's rows land first, through DuckDB's appender (a prepared INSERT per row
   * runs at a few hundred rows a second; the appender at a hundred thousand).
   */
  @Override
  public void createOwnTables(Statement sql) throws SQLException {
    sql.execute(
        "CREATE TABLE IF NOT EXISTS streaming_staging AS SELECT * FROM streaming_metrics LIMIT 0");
  }

  @Override
  public void upsertMetrics(
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

  /**
   * Every time this store reads or writes is UTC, whatever the host's {@code TZ}. DuckDB knows
   * other zones only through its ICU extension, which takes the operating system's zone: where that
   * extension is installed, each connection pins UTC itself. Where it is not (the JDBC driver does
   * not bundle it), DuckDB has no zone but UTC and there is nothing to pin.
   */
  static void inUtc(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute("SET TimeZone = 'UTC'");
    } catch (SQLException e) {
      if (!e.getMessage().contains("icu extension")) {
        throw e;
      }
    }
  }
}
