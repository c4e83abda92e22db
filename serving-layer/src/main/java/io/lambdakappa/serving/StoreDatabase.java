package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What differs between the databases a {@link SqlViewStore} runs on. Everything else (the tables,
 * the queries, the transactions) is the same SQL on both: DuckDB's dialect follows PostgreSQL's.
 */
interface StoreDatabase {

  /** Where the store is, for messages. */
  String describe();

  /**
   * Whether only this process can write the database (it holds it open exclusively): then the store
   * can serve from memory what its own writes put there ({@link ServedIndex}).
   */
  boolean exclusive();

  /** The writing connection, pinned to UTC. */
  Connection openWriter() throws SQLException;

  /**
   * A connection for one reading thread, pinned to UTC, on which every statement of a transaction
   * reads the same snapshot: that is what makes an answer whole (see {@link
   * SqlViewStore#servedRows}).
   */
  Connection openReader(Connection writer) throws SQLException;

  /**
   * Runs first in the transaction that creates the tables. Several processes may open a shared
   * store at once, and two concurrent {@code CREATE TABLE IF NOT EXISTS} can collide.
   */
  void beforeCreatingTables(Statement sql) throws SQLException;

  /** Creates what this database needs beside the shared tables. */
  void createOwnTables(Statement sql) throws SQLException;

  /**
   * Replaces a micro-batch's window rows by (view, generation, key, window), inside the writer's
   * open transaction: the rows are full aggregates, so a replayed batch writes the same values.
   */
  void upsertMetrics(
      Connection writer, String view, long generation, long batchId, List<WindowMetrics> rows)
      throws SQLException;
}
