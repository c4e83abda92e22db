package io.lambdakappa.compare;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The independent answer the comparison judges both architectures by: the data contract
 * (docs/data-contract.md) written again, as DuckDB SQL over the raw lines of the dataset files. A
 * different engine and a different code path from the Spark pipelines: it shares no code with
 * {@code EventValidation} or {@code EventPipeline}, so a bug there cannot hide here. It sees every
 * record at once, like a batch, so late events count: "what the answer should be".
 *
 * <p>Distinct users are exact here ({@code count(DISTINCT user_id)}); the pipelines estimate them
 * with a sketch.
 */
public final class SqlOracle implements AutoCloseable {

  /** The expected metrics of one window. */
  public record Expected(long events, BigDecimal sum, BigDecimal min, BigDecimal max, long users) {}

  /** What the oracle counts, for the accounting identity: read = valid + rejected. */
  public record Counts(long read, long valid, long unique) {}

  // The three tables: the raw lines as given, the lines that are JSON objects, the valid events.
  // Each load adds its lines to all three, so an oracle that tails a topic costs the new lines.
  private static final String TABLES =
      """
      CREATE TABLE raw_records (raw VARCHAR, line BIGINT);
      CREATE TABLE objects (raw VARCHAR, line BIGINT);
      CREATE TABLE valid_events (line BIGINT, event_id VARCHAR, event_time TIMESTAMP,
                                 user_id VARCHAR, key VARCHAR, value DECIMAL(18, 4));
      """;

  // OVERSIZED and MALFORMED_JSON, in a table of their own: SQL may evaluate a query's terms in any
  // order, and the JSON functions of the next step must never see a line that is not JSON.
  private static final String JSON_OBJECTS =
      """
      INSERT INTO objects
      SELECT raw, line FROM raw_records
      WHERE line >= ?
        AND CASE WHEN strlen(raw) <= 16384 AND json_valid(raw) THEN json_type(raw) END = 'OBJECT'
      """;

  // The rest of the contract, clause by clause.
  private static final String VALID_EVENTS =
      """
      INSERT INTO valid_events
      WITH fields AS (
        SELECT line, json_extract_string(raw, '$.event_id') AS event_id,
               json_extract(raw, '$.event_time') AS t,
               json_extract_string(raw, '$.user_id') AS user_id,
               json_extract_string(raw, '$.key') AS key,
               json_extract_string(raw, '$.event_type') AS event_type,
               json_extract(raw, '$.value') AS v
        FROM objects WHERE line >= ?
      ), typed AS (             -- WRONG_TYPE: a value must be a JSON number; a time ISO or millis
        SELECT line, event_id, user_id, key, event_type,
               CASE
                 WHEN json_type(t) IN ('BIGINT', 'UBIGINT') THEN epoch_ms(CAST(t AS BIGINT))
                 WHEN regexp_full_match(json_extract_string(t, '$'), '-?[0-9]{1,18}')
                   THEN epoch_ms(CAST(json_extract_string(t, '$') AS BIGINT))
                 ELSE TRY_CAST(TRY_CAST(json_extract_string(t, '$') AS TIMESTAMPTZ) AS TIMESTAMP)
               END AS event_time,
               CASE WHEN json_type(v) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')
                    THEN CAST(v AS DOUBLE) END AS value
        FROM fields
      )
      SELECT line, event_id, event_time, user_id, key, CAST(value AS DECIMAL(18, 4)) AS value
      FROM typed
      WHERE event_id IS NOT NULL AND user_id IS NOT NULL AND key IS NOT NULL   -- MISSING_FIELD
        AND event_type IS NOT NULL AND event_time IS NOT NULL AND value IS NOT NULL
        AND event_time >= TIMESTAMP '2000-01-01' AND event_time < TIMESTAMP '2100-01-01'
        AND NOT isnan(value) AND value >= 0 AND value <= 1e12  -- NAN, NEGATIVE, OVERFLOW
      """;

  private final Connection connection;

  /** Records loaded so far: each record's line is its place in the order the files were given. */
  private long loadedRecords;

  private SqlOracle(Connection connection) {
    this.connection = connection;
  }

  /** An in-memory oracle over every JSON-lines file ({@code *.jsonl}) in {@code folders}. */
  public static SqlOracle of(List<Path> folders) {
    SqlOracle oracle = empty();
    try {
      for (Path folder : folders) {
        oracle.load(jsonLinesFiles(folder));
      }
      return oracle;
    } catch (SQLException | IOException e) {
      oracle.close();
      throw new IllegalStateException("cannot start the oracle: " + e.getMessage(), e);
    }
  }

  /** An in-memory oracle with no records yet: {@link #add} gives it some. */
  public static SqlOracle empty() {
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      pinUtc(connection);
      try (Statement sql = connection.createStatement()) {
        sql.execute(TABLES);
      }
      return new SqlOracle(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start the oracle: " + e.getMessage(), e);
    }
  }

  /**
   * The contract's times are UTC. DuckDB has zones only through its ICU extension, which follows
   * the operating system's zone: pin UTC where it is loaded; without it DuckDB knows UTC alone.
   */
  private static void pinUtc(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute("SET TimeZone = 'UTC'");
    } catch (SQLException noIcu) {
      if (!noIcu.getMessage().contains("icu extension")) {
        throw noIcu;
      }
    }
  }

  /** The folder's {@code *.jsonl} files in name order: the oracle lists them itself. */
  private static List<Path> jsonLinesFiles(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      List<Path> files =
          entries
              .filter(file -> file.getFileName().toString().endsWith(".jsonl"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IOException("no *.jsonl files in " + folder);
      }
      return files;
    }
  }

  private void load(List<Path> files) throws SQLException, IOException {
    long first = loadedRecords;
    try (DuckDBAppender appender = appender()) {
      for (Path file : files) {
        try (Stream<String> lines = Files.lines(file)) {
          boolean firstLine = true;
          for (String line : (Iterable<String>) lines::iterator) {
            // The contract: a file's byte-order mark is not part of its first record.
            String record = firstLine && line.startsWith("\uFEFF") ? line.substring(1) : line;
            appender.beginRow().append(record).append(loadedRecords++).endRow();
            firstLine = false;
          }
        }
      }
    }
    judgeFrom(first);
  }

  /**
   * Adds records as they were read from a log, after those loaded so far: a record's text, or null
   * for a record without a value (which the contract refuses).
   */
  public void add(List<String> records) {
    long first = loadedRecords;
    try {
      try (DuckDBAppender appender = appender()) {
        for (String record : records) {
          appender.beginRow();
          if (record == null) {
            appender.appendNull();
          } else {
            appender.append(record);
          }
          appender.append(loadedRecords++).endRow();
        }
      }
      judgeFrom(first);
    } catch (SQLException e) {
      throw new IllegalStateException("oracle load failed: " + e.getMessage(), e);
    }
  }

  // Lines go in through the appender as plain text: no CSV or JSON reader decides for us what a
  // bad line is.
  private DuckDBAppender appender() throws SQLException {
    return ((DuckDBConnection) connection)
        .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "raw_records");
  }

  /** Applies the contract to the lines from {@code first} on. */
  private void judgeFrom(long first) throws SQLException {
    for (String step : List.of(JSON_OBJECTS, VALID_EVENTS)) {
      try (PreparedStatement insert = connection.prepareStatement(step)) {
        insert.setLong(1, first);
        insert.executeUpdate();
      }
    }
  }

  public Counts counts() {
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT (SELECT count(*) FROM raw_records), count(*),"
                    + " count(DISTINCT (event_id, event_time)) FROM valid_events")) {
      rows.next();
      return new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3));
    } catch (SQLException e) {
      throw new IllegalStateException("oracle query failed: " + e.getMessage(), e);
    }
  }

  /**
   * Unique valid events among the first {@code records} records, in the order they were loaded (the
   * folders in the order given, each folder's files by name, each file's lines in order): the most
   * a stream that has read that many records of a log published in that order can count.
   */
  public long uniqueWithin(long records) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(DISTINCT (event_id, event_time)) FROM valid_events WHERE line < ?")) {
      select.setLong(1, records);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("oracle query failed: " + e.getMessage(), e);
    }
  }

  /**
   * Expected metrics per {@code key@windowStart}: duplicates (same id and time) counted once,
   * tumbling windows of {@code window} counted from the Unix epoch, as the contract says. (DuckDB's
   * {@code time_bucket} counts from 2000-01-03 instead, which only agrees for lengths that divide a
   * week's worth of days: a 7-minute window would start at other minutes.)
   */
  public Map<String, Expected> expected(Duration window) {
    Map<String, Expected> expected = new TreeMap<>();
    windows(
        window,
        "TRUE",
        select -> {},
        (key, start, metrics) -> expected.put(key + "@" + start, metrics));
    return expected;
  }

  /** {@link #expected(Duration)} of one key, for the windows starting within {@code [from, to)}. */
  public Map<Instant, Expected> expected(Duration window, String key, Instant from, Instant to) {
    Map<Instant, Expected> expected = new TreeMap<>();
    windows(
        window,
        "key = ? AND window_start >= ? AND window_start < ?",
        select -> {
          select.setString(3, key);
          select.setObject(4, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
          select.setObject(5, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
        },
        (k, start, metrics) -> expected.put(start, metrics));
    return expected;
  }

  private interface Parameters {
    void set(PreparedStatement select) throws SQLException;
  }

  private interface WindowRow {
    void accept(String key, Instant windowStart, Expected metrics);
  }

  /**
   * Hands {@code rows} each window's expected metrics, for the windows that satisfy {@code where}
   * (SQL over {@code key} and {@code window_start}, whose parameters {@code parameters} sets from
   * the third on): the one query both {@code expected} methods ask.
   */
  private void windows(Duration window, String where, Parameters parameters, WindowRow rows) {
    String query =
        """
        WITH unique_events AS (
          SELECT DISTINCT ON (event_id, event_time) * FROM valid_events
        ), windowed AS (
          SELECT *, epoch_ms(epoch_ms(event_time) // ? * ?) AS window_start FROM unique_events
        )
        SELECT key, window_start,
               count(*), sum(value), min(value), max(value), count(DISTINCT user_id)
        FROM windowed WHERE %s GROUP BY ALL"""
            .formatted(where);
    try (PreparedStatement select = connection.prepareStatement(query)) {
      select.setLong(1, window.toMillis());
      select.setLong(2, window.toMillis());
      parameters.set(select);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.accept(
              result.getString(1),
              result.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
              new Expected(
                  result.getLong(3),
                  result.getBigDecimal(4),
                  result.getBigDecimal(5),
                  result.getBigDecimal(6),
                  result.getLong(7)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("oracle query failed: " + e.getMessage(), e);
    }
  }

  /** The latest valid event time so far, if there is a valid event. */
  public Optional<Instant> latestEventTime() {
    try (Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT max(event_time) FROM valid_events")) {
      rows.next();
      return Optional.ofNullable(rows.getObject(1, LocalDateTime.class))
          .map(time -> time.toInstant(ZoneOffset.UTC));
    } catch (SQLException e) {
      throw new IllegalStateException("oracle query failed: " + e.getMessage(), e);
    }
  }

  /** The {@code n} keys with the most unique valid events, the busiest first. */
  public List<String> busiestKeys(int n) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT key FROM valid_events GROUP BY key"
                + " ORDER BY count(DISTINCT (event_id, event_time)) DESC, key LIMIT ?")) {
      select.setInt(1, n);
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new IllegalStateException("oracle query failed: " + e.getMessage(), e);
    }
  }

  /** The newest {@code limit} records the contract refuses, newest first, with their text. */
  public List<String> newestRefused(int limit) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT raw FROM raw_records ANTI JOIN valid_events USING (line)"
                + " ORDER BY line DESC LIMIT ?")) {
      select.setInt(1, limit);
      List<String> refused = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          refused.add(rows.getString(1));
        }
      }
      return refused;
    } catch (SQLException e) {
      throw new IllegalStateException("oracle query failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
