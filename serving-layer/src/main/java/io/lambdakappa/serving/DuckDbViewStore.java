package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.ArrivalTimes;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.RejectedRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The view store on an embedded DuckDB file: streaming views in tables, batch views read from their
 * Parquet files in place. DuckDB allows one writing process per file, which fits the embedded
 * default (the serving layer lives in the process that runs the pipelines). All SQL is
 * parameterised.
 */
public final class DuckDbViewStore implements ViewStore {

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

  /** Writes, and the reads that bookkeeping needs; one thread at a time (the methods lock). */
  private final Connection connection;

  /**
   * Queries take no lock: each reading thread (an HTTP worker, say) has a connection of its own to
   * the same database, with its statements prepared once. DuckDB runs them in parallel, each on a
   * consistent snapshot, beside the writer. One shared, locked connection capped the API at one
   * query at a time.
   */
  private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(this::newReader);

  private final List<Connection> readerConnections = new CopyOnWriteArrayList<>();

  /** A reading thread's connection and the statements it has prepared on it. */
  private record Reader(Connection connection, Map<String, PreparedStatement> statements) {
    PreparedStatement prepared(String sql) throws SQLException {
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
      }
      return statement;
    }
  }

  private DuckDbViewStore(Connection connection) {
    this.connection = connection;
  }

  /** The calling thread's prepared statement for {@code sql}. */
  private PreparedStatement read(String sql) throws SQLException {
    return readers.get().prepared(sql);
  }

  private Reader newReader() {
    try {
      Connection reader = ((DuckDBConnection) connection).duplicate();
      inUtc(reader);
      readerConnections.add(reader);
      return new Reader(reader, new HashMap<>());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open a read connection to the view store", e);
    }
  }

  /** Opens (or creates) the store in {@code file}. */
  public static DuckDbViewStore open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
      inUtc(connection);
      DuckDbViewStore store = new DuckDbViewStore(connection);
      store.createTables();
      return store;
    } catch (java.io.IOException | SQLException e) {
      // The real cause first; the guess only when DuckDB says a lock is held.
      String hint =
          String.valueOf(e.getMessage()).contains("lock")
              ? " (another lk process is using this workdir's store: stop it, or use another"
                  + " --workdir)"
              : "";
      throw new IllegalStateException(
          "cannot open the view store " + file + ": " + e.getMessage() + hint, e);
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

  private void createTables() throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute(
          """
          CREATE TABLE IF NOT EXISTS streaming_metrics (
            view VARCHAR, generation BIGINT, key VARCHAR,
            window_start TIMESTAMP, window_end TIMESTAMP, events BIGINT,
            value_sum DECIMAL(28,4), value_min DECIMAL(18,4), value_max DECIMAL(18,4),
            users_sketch BLOB, batch_id BIGINT,
            PRIMARY KEY (view, generation, key, window_start))""");
      // Where a micro-batch's rows land first, through DuckDB's appender (a prepared INSERT per
      // row runs at a few hundred rows a second; the appender at a hundred thousand).
      sql.execute(
          "CREATE TABLE IF NOT EXISTS streaming_staging AS SELECT * FROM streaming_metrics LIMIT 0");
      sql.execute(
          """
          CREATE TABLE IF NOT EXISTS micro_batches (
            view VARCHAR, generation BIGINT, batch_id BIGINT,
            input_rows BIGINT, quarantined BIGINT, duplicates BIGINT, dropped_late BIGINT,
            rows_upserted BIGINT, processing_ms BIGINT,
            latency_p50_ms DOUBLE, latency_p99_ms DOUBLE, committed_at TIMESTAMP,
            end_offsets VARCHAR,
            PRIMARY KEY (view, generation, batch_id))""");
      // Stores made before end offsets were recorded gain the column.
      sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS end_offsets VARCHAR");
      sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS latency_p95_ms DOUBLE");
      sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS latency_profile VARCHAR");
      sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS valid_events BIGINT");
      sql.execute("ALTER TABLE micro_batches ADD COLUMN IF NOT EXISTS counted_events BIGINT");
      // The records a stream refused, per micro-batch (DESIGN: raw text + reason + source).
      sql.execute(
          """
          CREATE TABLE IF NOT EXISTS quarantine (
            view VARCHAR, generation BIGINT, batch_id BIGINT, source VARCHAR,
            reason VARCHAR, message VARCHAR, raw_text VARCHAR)""");
      sql.execute(
          """
          CREATE TABLE IF NOT EXISTS served (
            view VARCHAR PRIMARY KEY, generation BIGINT, switched_at TIMESTAMP)""");
    }
  }

  @Override
  public synchronized void upsert(
      String view,
      long generation,
      List<WindowMetrics> rows,
      MicroBatchStats stats,
      List<RejectedRecord> rejected) {
    try {
      connection.setAutoCommit(false);
      try (DuckDBAppender staging =
          ((DuckDBConnection) connection)
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
              .append(stats.batchId())
              .endRow();
        }
      }
      try (Statement sql = connection.createStatement()) {
        sql.execute("INSERT OR REPLACE INTO streaming_metrics SELECT * FROM streaming_staging");
        sql.execute("DELETE FROM streaming_staging");
      }
      replaceRejects(view, generation, stats.batchId(), rejected);
      insertBatchRecord(view, generation, stats);
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot upsert into view " + view + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  /** A replayed batch replaces the records it refused the first time, never adds to them. */
  private void replaceRejects(
      String view, long generation, long batchId, List<RejectedRecord> rejected)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM quarantine WHERE view = ? AND generation = ? AND batch_id = ?")) {
      delete.setString(1, view);
      delete.setLong(2, generation);
      delete.setLong(3, batchId);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?)")) {
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

  @Override
  public List<RejectedRecord> quarantine(String view, long generation, int limit) {
    try {
      PreparedStatement select =
          read(
              "SELECT source, reason, message, raw_text FROM quarantine"
                  + " WHERE view = ? AND generation = ? ORDER BY batch_id DESC, source LIMIT ?");
      select.setString(1, view);
      select.setLong(2, generation);
      select.setInt(3, limit);
      List<RejectedRecord> records = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          records.add(
              new RejectedRecord(
                  rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
        }
      }
      return records;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the quarantine of " + view, e);
    }
  }

  private void insertBatchRecord(String view, long generation, MicroBatchStats stats)
      throws SQLException {
    try (PreparedStatement record =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO micro_batches (view, generation, batch_id, input_rows,"
                + " quarantined, duplicates, dropped_late, rows_upserted, processing_ms,"
                + " latency_p50_ms, latency_p99_ms, committed_at, end_offsets, latency_p95_ms,"
                + " latency_profile, valid_events, counted_events)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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

  @Override
  public List<WindowMetrics> streamingRows(
      String view, long generation, String key, Instant from, Instant to) {
    String query =
        "SELECT "
            + METRIC_COLUMNS
            + " FROM streaming_metrics"
            + " WHERE view = ? AND generation = ? AND key = ? AND window_start >= ? AND window_start < ?"
            + " ORDER BY window_start";
    try {
      PreparedStatement select = read(query);
      select.setString(1, view);
      select.setLong(2, generation);
      select.setString(3, key);
      select.setObject(4, local(from));
      select.setObject(5, local(to));
      return metrics(select);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read view " + view + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<WindowMetrics> batchRows(
      BatchViewManifest view, String key, Instant from, Instant to) {
    String query =
        "SELECT "
            + METRIC_COLUMNS
            + " FROM "
            + BATCH_VIEW
            + " WHERE key = ? AND window_start >= ? AND window_start < ? ORDER BY window_start";
    try {
      PreparedStatement select = read(query);
      select.setString(1, Path.of(view.path()).resolve("*.parquet").toString());
      select.setString(2, key);
      select.setObject(3, local(from));
      select.setObject(4, local(to));
      return metrics(select);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read batch view v" + view.version() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<WindowMetrics> batchView(BatchViewManifest view) {
    try {
      PreparedStatement select =
          read("SELECT " + METRIC_COLUMNS + " FROM " + BATCH_VIEW + " ORDER BY key, window_start");
      select.setString(1, Path.of(view.path()).resolve("*.parquet").toString());
      return metrics(select);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read batch view v" + view.version() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<MicroBatchStats> microBatches(String view, long generation) {
    String query =
        "SELECT batch_id, input_rows, quarantined, duplicates, dropped_late, rows_upserted,"
            + " processing_ms, latency_p50_ms, latency_p99_ms, committed_at, end_offsets,"
            + " latency_p95_ms, latency_profile, coalesce(valid_events, 0),"
            + " coalesce(counted_events, 0)"
            + " FROM micro_batches"
            + " WHERE view = ? AND generation = ? ORDER BY batch_id";
    try (PreparedStatement select = connection.prepareStatement(query)) {
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
                  instant(rows.getObject(10, LocalDateTime.class)),
                  OffsetsJson.read(rows.getString(11)),
                  ArrivalTimes.parse(rows.getString(13)),
                  rows.getLong(14),
                  rows.getLong(15)));
        }
      }
      return batches;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read micro-batches of " + view, e);
    }
  }

  @Override
  public synchronized Optional<Long> lastBatchId(String view, long generation) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT max(batch_id) FROM micro_batches WHERE view = ? AND generation = ?")) {
      select.setString(1, view);
      select.setLong(2, generation);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        long id = rows.getLong(1);
        return rows.wasNull() ? Optional.empty() : Optional.of(id);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read micro-batches of " + view, e);
    }
  }

  @Override
  public synchronized void dropGeneration(String view, long generation) {
    try {
      connection.setAutoCommit(false);
      for (String table : List.of("streaming_metrics", "micro_batches", "quarantine")) {
        try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM " + table + " WHERE view = ? AND generation = ?")) {
          delete.setString(1, view);
          delete.setLong(2, generation);
          delete.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot drop " + view + " generation " + generation, e);
    } finally {
      autoCommit();
    }
  }

  @Override
  public Optional<Long> servedGeneration(String view) {
    try {
      PreparedStatement select = read("SELECT generation FROM served WHERE view = ?");
      select.setString(1, view);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the served generation of " + view, e);
    }
  }

  @Override
  public Optional<ServedRows> servedRows(String view, String key, Instant from, Instant to) {
    // One transaction: DuckDB reads every statement of it from the same snapshot, so a switch (or
    // the drop that follows it) can never show the rows of one generation under the number of
    // another. Three small statements cost a tenth of the one join that did the same.
    Connection reader = readers.get().connection();
    try {
      reader.setAutoCommit(false);
      Optional<ServedRows> served =
          servedGeneration(view)
              .map(
                  generation ->
                      new ServedRows(
                          generation,
                          freshness(view, generation).orElse(null),
                          streamingRows(view, generation, key, from, to)));
      reader.commit();
      return served;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read view " + view + ": " + e.getMessage(), e);
    } finally {
      try {
        reader.setAutoCommit(true);
      } catch (SQLException e) {
        throw new IllegalStateException("view store read connection broken", e);
      }
    }
  }

  @Override
  public Optional<Instant> freshness(String view, long generation) {
    try {
      PreparedStatement select =
          read("SELECT max(committed_at) FROM micro_batches WHERE view = ? AND generation = ?");
      select.setString(1, view);
      select.setLong(2, generation);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        LocalDateTime last = rows.getObject(1, LocalDateTime.class);
        return Optional.ofNullable(last).map(DuckDbViewStore::instant);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read micro-batches of " + view, e);
    }
  }

  @Override
  public synchronized ViewSize size(String view, long generation) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(*), coalesce(sum(octet_length(users_sketch) + length(key)), 0)"
                + " FROM streaming_metrics WHERE view = ? AND generation = ?")) {
      select.setString(1, view);
      select.setLong(2, generation);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return new ViewSize(rows.getLong(1), rows.getLong(2) + rows.getLong(1) * FIXED_ROW_BYTES);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot measure " + view + " generation " + generation, e);
    }
  }

  @Override
  public synchronized void serve(String view, long generation) {
    try (PreparedStatement upsert =
        connection.prepareStatement("INSERT OR REPLACE INTO served VALUES (?, ?, ?)")) {
      upsert.setString(1, view);
      upsert.setLong(2, generation);
      upsert.setObject(3, local(Instant.now()));
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot switch " + view + " to generation " + generation, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      for (Connection reader : readerConnections) {
        reader.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the view store", e);
    }
  }

  private static List<WindowMetrics> metrics(PreparedStatement select) throws SQLException {
    List<WindowMetrics> result = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        result.add(metricsAt(rows, 1));
      }
    }
    return result;
  }

  /** The {@link #METRIC_COLUMNS} of the current row, starting at column {@code first}. */
  private static WindowMetrics metricsAt(ResultSet rows, int first) throws SQLException {
    return new WindowMetrics(
        rows.getString(first),
        instant(rows.getObject(first + 1, LocalDateTime.class)),
        instant(rows.getObject(first + 2, LocalDateTime.class)),
        rows.getLong(first + 3),
        rows.getBigDecimal(first + 4),
        rows.getBigDecimal(first + 5),
        rows.getBigDecimal(first + 6),
        rows.getBytes(first + 7));
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("view store connection broken", e);
    }
  }

  private static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC);
  }
}
