package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.RejectedRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The view store on a SQL database: the embedded DuckDB file (the default) or a shared PostgreSQL
 * ({@link StoreLocation}). Streaming views live in tables; batch views stay Parquet files, which
 * Lambda reads itself ({@link ParquetViews}). All SQL is parameterised.
 *
 * <p>This class holds the connections and the transactions; each role's table and SQL is a class of
 * its own: the views' rows ({@link MetricsTable}), the micro-batch ledger ({@link
 * MicroBatchTable}), the quarantine ({@link QuarantineTable}) and the served-version pointer
 * ({@link ServedTable}). A transaction that spans roles (a micro-batch's rows, record and rejects;
 * a reader's generation, freshness and rows) is opened here. What differs between the two databases
 * is a {@link StoreDatabase}.
 */
public final class SqlViewStore implements ViewStore {

  private final StoreDatabase database;

  /** Writes, and the reads that bookkeeping needs; one thread at a time (the methods lock). */
  private final Connection connection;

  /**
   * Queries take no lock: each reading thread (an HTTP worker, say) has a connection of its own to
   * the same database, with its statements prepared once. The database runs them in parallel, each
   * on a consistent snapshot, beside the writer. One shared, locked connection capped the API at
   * one query at a time.
   */
  private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(this::newReader);

  private final List<Connection> readerConnections = new CopyOnWriteArrayList<>();

  /** The writer's own reads of the served rows, when it loads them into the index. */
  private final Reader writerReads;

  /** The served generations in memory, for a database only this process writes; else null. */
  private final ServedIndex index;

  /** A reading thread's connection and the statements it has prepared on it. */
  private record Reader(Connection connection, Map<String, PreparedStatement> statements)
      implements SqlReader {
    @Override
    public PreparedStatement prepared(String sql) throws SQLException {
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
      }
      return statement;
    }
  }

  private SqlViewStore(StoreDatabase database, Connection connection) {
    this.database = database;
    this.connection = connection;
    this.writerReads = new Reader(connection, new HashMap<>());
    this.index = database.exclusive() ? new ServedIndex() : null;
  }

  private Reader newReader() {
    try {
      Connection reader = database.openReader(connection);
      readerConnections.add(reader);
      return new Reader(reader, new HashMap<>());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open a read connection to the view store " + database.describe(), e);
    }
  }

  /** Opens (or creates) the embedded store in the DuckDB {@code file}. */
  public static SqlViewStore duckDb(Path file) {
    return open(new DuckDbDatabase(file));
  }

  /** Opens the store, creating its tables if they are missing. */
  static SqlViewStore open(StoreDatabase database) {
    Connection connection = null;
    try {
      connection = database.openWriter();
      SqlViewStore store = new SqlViewStore(database, connection);
      store.createTables();
      return store;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      // The real cause first; the guess only when DuckDB says a lock is held.
      String hint =
          String.valueOf(e.getMessage()).contains("lock")
              ? " (another lk process is using this workdir's store: stop it, or use another"
                  + " --workdir, or a shared --store postgresql://...)"
              : "";
      throw new IllegalStateException(
          "cannot open the view store " + database.describe() + ": " + e.getMessage() + hint, e);
    }
  }

  private void createTables() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement sql = connection.createStatement()) {
      database.beforeCreatingTables(sql);
      MetricsTable.create(sql);
      MicroBatchTable.create(sql);
      QuarantineTable.create(sql);
      ServedTable.create(sql);
      database.createOwnTables(sql);
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw e;
    } finally {
      autoCommit();
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
      database.upsertMetrics(connection, view, generation, stats.batchId(), rows);
      QuarantineTable.replace(connection, view, generation, stats.batchId(), rejected);
      MicroBatchTable.record(connection, view, generation, stats);
      connection.commit();
      if (index != null) {
        index.upserted(view, generation, rows, stats.committedAt());
      }
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot upsert into view " + view + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  @Override
  public List<RejectedRecord> quarantine(String view, long generation, int limit) {
    try {
      return QuarantineTable.newest(readers.get(), view, generation, limit);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the quarantine of " + view, e);
    }
  }

  @Override
  public List<WindowMetrics> streamingRows(
      String view, long generation, String key, Instant from, Instant to) {
    try {
      return MetricsTable.streaming(readers.get(), view, generation, key, from, to);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read view " + view + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<MicroBatchStats> microBatches(String view, long generation) {
    try {
      return MicroBatchTable.all(connection, view, generation);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read micro-batches of " + view, e);
    }
  }

  @Override
  public synchronized Optional<Long> lastBatchId(String view, long generation) {
    try {
      return MicroBatchTable.lastBatchId(connection, view, generation);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read micro-batches of " + view, e);
    }
  }

  @Override
  public Optional<Instant> freshness(String view, long generation) {
    try {
      return MicroBatchTable.freshness(readers.get(), view, generation);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read micro-batches of " + view, e);
    }
  }

  /** Deletes a generation from every role's table, in one transaction. */
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
      if (index != null) {
        index.dropped(view, generation);
      }
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
      return ServedTable.served(readers.get(), view);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the served generation of " + view, e);
    }
  }

  @Override
  public Optional<ServedRows> servedRows(String view, String key, Instant from, Instant to) {
    if (index != null) {
      Optional<ServedIndex.Served> served = index.get(view);
      if (served == null) {
        served = loadServed(view);
      }
      return served.map(generation -> generation.rows(key, from, to));
    }
    // One transaction, read from one snapshot (DuckDB always; PostgreSQL because readers run
    // REPEATABLE READ), so a switch (or the drop that follows it) can never show the rows of one
    // generation under the number of another. Three small statements cost a tenth of the one join
    // that did the same.
    Reader reader = readers.get();
    try {
      reader.connection().setAutoCommit(false);
      Optional<ServedRows> served = Optional.empty();
      Optional<Long> generation = ServedTable.served(reader, view);
      if (generation.isPresent()) {
        long g = generation.get();
        served =
            Optional.of(
                new ServedRows(
                    g,
                    MicroBatchTable.freshness(reader, view, g).orElse(null),
                    MetricsTable.streaming(reader, view, g, key, from, to)));
      }
      reader.connection().commit();
      return served;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read view " + view + ": " + e.getMessage(), e);
    } finally {
      try {
        reader.connection().setAutoCommit(true);
      } catch (SQLException e) {
        throw new IllegalStateException("view store read connection broken", e);
      }
    }
  }

  /**
   * Reads a view's served generation, its freshness and all its rows into the index. Under the
   * writer's lock, so that no write commits between the read and the index's entry.
   */
  private synchronized Optional<ServedIndex.Served> loadServed(String view) {
    Optional<ServedIndex.Served> loaded = index.get(view);
    if (loaded != null) {
      return loaded; // another reader loaded it while this one waited for the lock
    }
    try {
      Optional<Long> generation = ServedTable.served(writerReads, view);
      if (generation.isPresent()) {
        long g = generation.get();
        loaded =
            Optional.of(
                ServedIndex.Served.of(
                    g,
                    MicroBatchTable.freshness(writerReads, view, g).orElse(null),
                    MetricsTable.generation(writerReads, view, g)));
      } else {
        loaded = Optional.empty();
      }
      index.put(view, loaded);
      return loaded;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read view " + view + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized ViewSize size(String view, long generation) {
    try {
      return MetricsTable.size(connection, view, generation);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot measure " + view + " generation " + generation, e);
    }
  }

  @Override
  public synchronized void serve(String view, long generation) {
    try {
      ServedTable.serve(connection, view, generation);
      if (index != null && index.holds(view)) {
        index.forget(view);
        loadServed(view); // now, in the switch, not in the first answer after it
      }
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

  private static void closeQuietly(Connection connection) {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // the failure that made us close it is what matters
    }
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
}
