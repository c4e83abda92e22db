package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The metrics of the project: per {@code (key, tumbling window)}, the count, sum, min and max of
 * {@code value} and the distinct users as an HLL sketch.
 *
 * <p>Every column is a monoid, so two partial results for the same (key, window) can be merged
 * exactly ({@link MetricMerge}): that is what lets the serving layer add a batch view and a
 * realtime view without a special case. Distinct users is the interesting one: a count of distinct
 * users cannot be added, but the sketch that estimates it can be unioned.
 */
public final class WindowAggregation {

  /**
   * What an empty {@code user_id} is sketched as. The contract makes an empty user one user, the
   * anonymous one (a store's guest checkout), counted once per window like any other; Spark's HLL
   * sketch skips empty strings, so it is given a value no real id can take (JSON text cannot hold a
   * raw NUL character unescaped, and ids are compared as written).
   */
  static final String ANONYMOUS_USER = "\u0000anonymous";

  private final LogicConfig config;

  public WindowAggregation(LogicConfig config) {
    this.config = config;
  }

  /**
   * Aggregates events ({@link EventSchema#EVENT}) into metric rows ({@link EventSchema#METRICS}).
   */
  public Dataset<Row> aggregate(Dataset<Row> events) {
    Column window = window(col(EVENT_TIME), config.windowInterval());
    return events
        .groupBy(col(KEY), window.as("window"))
        .agg(
            count(lit(1)).as(EVENTS),
            sum(col(VALUE)).cast(SUM_TYPE).as(VALUE_SUM),
            min(col(VALUE)).as(VALUE_MIN),
            max(col(VALUE)).as(VALUE_MAX),
            hll_sketch_agg(sketchedUser(), config.sketchLgK()).as(USERS_SKETCH))
        .select(
            col(KEY),
            col("window.start").as(WINDOW_START),
            col("window.end").as(WINDOW_END),
            col(EVENTS),
            col(VALUE_SUM),
            col(VALUE_MIN),
            col(VALUE_MAX),
            col(USERS_SKETCH));
  }

  private static Column sketchedUser() {
    return when(col(USER_ID).equalTo(""), lit(ANONYMOUS_USER)).otherwise(col(USER_ID));
  }

  /** The estimated number of distinct users of a metric row's sketch. */
  public static Column distinctUsers() {
    return hll_sketch_estimate(col(USERS_SKETCH));
  }
}
