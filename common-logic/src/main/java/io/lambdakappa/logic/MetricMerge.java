package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The monoid over metric rows, in Spark: merges any number of partial results for the same (key,
 * window) into one, exactly. Counts and sums add, minima and maxima take the smaller and larger,
 * sketches union. The identity is "no row". Its Java twin for single rows is {@link
 * WindowMetrics#merge}; the tests prove both agree with aggregating everything at once.
 */
public final class MetricMerge {

  private MetricMerge() {}

  /** Merges partial metric rows ({@link EventSchema#METRICS}) that may share (key, window). */
  public static Dataset<Row> merge(Dataset<Row> partials) {
    return partials
        .groupBy(col(KEY), col(WINDOW_START), col(WINDOW_END))
        .agg(
            sum(col(EVENTS)).cast("long").as(EVENTS),
            sum(col(VALUE_SUM)).cast(SUM_TYPE).as(VALUE_SUM),
            min(col(VALUE_MIN)).as(VALUE_MIN),
            max(col(VALUE_MAX)).as(VALUE_MAX),
            hll_union_agg(col(USERS_SKETCH), true).as(USERS_SKETCH));
  }

  /** Merges two sets of partial results: {@code a ⊕ b}. */
  public static Dataset<Row> merge(Dataset<Row> a, Dataset<Row> b) {
    return merge(a.unionByName(b));
  }
}
