package io.lambdakappa.logic;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * One metric row as a plain Java value, with the same monoid as {@link MetricMerge}: the serving
 * layer merges a batch row and a realtime row with {@link #merge} without starting Spark.
 *
 * @param usersSketch the serialized HLL sketch of the users, as Spark's {@code hll_sketch_agg}
 *     writes it (Apache DataSketches' format)
 */
public record WindowMetrics(
    String key,
    Instant windowStart,
    Instant windowEnd,
    long events,
    BigDecimal valueSum,
    BigDecimal valueMin,
    BigDecimal valueMax,
    byte[] usersSketch) {

  /** A metric row of Spark ({@link EventSchema#METRICS}) as a plain value. */
  public static WindowMetrics fromRow(org.apache.spark.sql.Row row) {
    return new WindowMetrics(
        row.getAs(EventSchema.KEY),
        row.<java.sql.Timestamp>getAs(EventSchema.WINDOW_START).toInstant(),
        row.<java.sql.Timestamp>getAs(EventSchema.WINDOW_END).toInstant(),
        row.<Long>getAs(EventSchema.EVENTS),
        row.<BigDecimal>getAs(EventSchema.VALUE_SUM),
        row.<BigDecimal>getAs(EventSchema.VALUE_MIN),
        row.<BigDecimal>getAs(EventSchema.VALUE_MAX),
        row.getAs(EventSchema.USERS_SKETCH));
  }

  /** {@code this ⊕ other}. Both rows must describe the same (key, window). */
  public WindowMetrics merge(WindowMetrics other) {
    if (!key.equals(other.key) || !windowStart.equals(other.windowStart)) {
      throw new IllegalArgumentException(
          "cannot merge metrics of different windows: "
              + key
              + "@"
              + windowStart
              + " and "
              + other.key
              + "@"
              + other.windowStart);
    }
    return new WindowMetrics(
        key,
        windowStart,
        windowEnd,
        events + other.events,
        valueSum.add(other.valueSum),
        valueMin.min(other.valueMin),
        valueMax.max(other.valueMax),
        unionSketches(usersSketch, other.usersSketch));
  }

  /**
   * The estimated number of distinct users. The sketch is read where it lies ({@code wrap}), not
   * copied onto the heap: the API estimates every window of every answer, and copying each sketch
   * made most of the garbage a query left (measured with lk bench).
   */
  public double distinctUsers() {
    return HllSketch.wrap(Memory.wrap(usersSketch)).getEstimate();
  }

  private static byte[] unionSketches(byte[] a, byte[] b) {
    HllSketch left = HllSketch.heapify(Memory.wrap(a));
    HllSketch right = HllSketch.heapify(Memory.wrap(b));
    Union union = new Union(Math.max(left.getLgConfigK(), right.getLgConfigK()));
    union.update(left);
    union.update(right);
    return union.getResult(TgtHllType.HLL_8).toUpdatableByteArray();
  }
}
