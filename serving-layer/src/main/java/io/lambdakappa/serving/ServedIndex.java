package io.lambdakappa.serving;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.WindowMetrics;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served generation of each streaming view, held in memory, so that the API answers a query
 * without a round trip to the database. Three SQL statements in a transaction cost about a
 * millisecond of CPU per answer; at 500 answers a second on 2 cores that is half a core, and the
 * queue it builds is what the p99 measured (docs/benchmark.md).
 *
 * <p>The index learns of every change from the store's own writes, after they commit: a
 * micro-batch's upsert, a switch, a drop. It is therefore only for a store that no other process
 * writes, the embedded DuckDB file (which one process holds open); a shared PostgreSQL store is
 * read with SQL every time.
 *
 * <p>Readers see whole answers: each view's entry is an immutable {@link Served} snapshot, and a
 * write replaces it whole (copying only the keys a micro-batch touched), so an answer that reads
 * one entry never mixes two micro-batches, or two generations. Writes come from the store's single
 * writer, under its lock, so the index needs no lock of its own.
 */
final class ServedIndex {

  /**
   * One view's served generation as of one write.
   *
   * @param freshness when the generation last committed a micro-batch, or null
   */
  record Served(long generation, Instant freshness, WindowsByKey windows) {

    /** The rows of one key with windows starting within {@code [from, to)}, by start. */
    ViewStore.ServedRows rows(String key, Instant from, Instant to) {
      return new ViewStore.ServedRows(generation, freshness, windows.rows(key, from, to));
    }

    /** This generation with a micro-batch's rows upserted, committed at {@code committedAt}. */
    Served with(List<WindowMetrics> rows, Instant committedAt) {
      // The store keeps microseconds and four decimals; so does the index, or an answer would
      // depend on which of the two it came from.
      Instant committed = committedAt.truncatedTo(ChronoUnit.MICROS);
      Instant fresher = freshness == null || committed.isAfter(freshness) ? committed : freshness;
      return new Served(
          generation, fresher, windows.with(rows.stream().map(ServedIndex::asStored).toList()));
    }

    /** A generation as the store holds it: all its rows, and its freshness. */
    static Served of(long generation, Instant freshness, List<WindowMetrics> rows) {
      return new Served(generation, freshness, WindowsByKey.of(rows));
    }
  }

  /**
   * A row as the store's columns hold it (instants in microseconds, decimals with the four places
   * of {@code EventSchema.SUM_TYPE}), so that an answer is the same from the index or the database.
   * The pipeline's rows already are; this makes it true of any writer.
   */
  static WindowMetrics asStored(WindowMetrics row) {
    return new WindowMetrics(
        row.key(),
        row.windowStart().truncatedTo(ChronoUnit.MICROS),
        row.windowEnd().truncatedTo(ChronoUnit.MICROS),
        row.events(),
        row.valueSum().setScale(DECIMAL_PLACES, RoundingMode.HALF_UP),
        row.valueMin().setScale(DECIMAL_PLACES, RoundingMode.HALF_UP),
        row.valueMax().setScale(DECIMAL_PLACES, RoundingMode.HALF_UP),
        row.usersSketch());
  }

  private static final int DECIMAL_PLACES = EventSchema.SUM_TYPE.scale();

  /** Each loaded view's served generation; empty when the view has none yet. */
  private final Map<String, Optional<Served>> views = new ConcurrentHashMap<>();

  /** The view's entry, or null when it has not been loaded: then the store loads it. */
  Optional<Served> get(String view) {
    return views.get(view);
  }

  /** Sets a view's entry, read from the store under the writer's lock. */
  void put(String view, Optional<Served> served) {
    views.put(view, served);
  }

  /** After a micro-batch committed: its rows are served at once if its generation is. */
  void upserted(String view, long generation, List<WindowMetrics> rows, Instant committedAt) {
    Optional<Served> served = views.get(view);
    if (served != null && served.isPresent() && served.get().generation() == generation) {
      views.put(view, Optional.of(served.get().with(rows, committedAt)));
    }
  }

  /** Forgets a view, to be loaded again on its next read (after a switch). */
  void forget(String view) {
    views.remove(view);
  }

  /** After a generation was dropped: forgets the view if that was the generation it served. */
  void dropped(String view, long generation) {
    Optional<Served> served = views.get(view);
    if (served != null && served.isPresent() && served.get().generation() == generation) {
      views.remove(view);
    }
  }

  /** Whether the view is loaded: a switch then loads the new generation at once. */
  boolean holds(String view) {
    return views.containsKey(view);
  }
}
