package io.lambdakappa.logic;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The data contracts, as Spark schemas and column names. Every layer talks in these names.
 *
 * <p>Three shapes of rows flow through the logic:
 *
 * <ul>
 *   <li>raw records: the text of one event and where it came from ({@link #RAW});
 *   <li>valid events: typed columns ({@link #EVENT});
 *   <li>window metrics: one row per (key, window) ({@link #METRICS}).
 * </ul>
 */
public final class EventSchema {

  // Raw input: a Kafka value or a line of a file, plus where it came from.
  public static final String RAW_VALUE = "value";
  public static final String SOURCE = "source";
  public static final String ARRIVAL = "arrival";

  // A valid event.
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TIME = "event_time";
  public static final String USER_ID = "user_id";
  public static final String KEY = "key";
  public static final String EVENT_TYPE = "event_type";
  public static final String VALUE = "value";

  // A quarantined record.
  public static final String RAW_TEXT = "raw_text";
  public static final String REASON = "reason";
  public static final String MESSAGE = "message";

  // One row of window metrics.
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String EVENTS = "events";
  public static final String VALUE_SUM = "value_sum";
  public static final String VALUE_MIN = "value_min";
  public static final String VALUE_MAX = "value_max";
  public static final String USERS_SKETCH = "users_sketch";

  /**
   * Values are decimals, not doubles: a sum of doubles differs in its last bits between a batch and
   * a streaming plan (the order of additions differs), and the whole point of this project is to
   * compare such results exactly.
   */
  public static final DecimalType VALUE_TYPE = DataTypes.createDecimalType(18, 4);

  /** Sums of up to a billion maximal values still fit. */
  public static final DecimalType SUM_TYPE = DataTypes.createDecimalType(28, 4);

  /**
   * A raw record: its text, where it came from, and when it reached the log ({@link #ARRIVAL}: the
   * Kafka record's timestamp; null for a line of a file, whose arrival nobody recorded).
   */
  public static final StructType RAW =
      new StructType()
          .add(RAW_VALUE, DataTypes.StringType, true)
          .add(SOURCE, DataTypes.StringType, false)
          .add(ARRIVAL, DataTypes.TimestampType, true);

  public static final StructType EVENT =
      new StructType()
          .add(EVENT_ID, DataTypes.StringType, false)
          .add(EVENT_TIME, DataTypes.TimestampType, false)
          .add(USER_ID, DataTypes.StringType, false)
          .add(KEY, DataTypes.StringType, false)
          .add(EVENT_TYPE, DataTypes.StringType, false)
          .add(VALUE, VALUE_TYPE, false);

  public static final StructType QUARANTINE =
      new StructType()
          .add(RAW_TEXT, DataTypes.StringType, true)
          .add(REASON, DataTypes.StringType, false)
          .add(MESSAGE, DataTypes.StringType, false)
          .add(SOURCE, DataTypes.StringType, false);

  public static final StructType METRICS =
      new StructType()
          .add(KEY, DataTypes.StringType, false)
          .add(WINDOW_START, DataTypes.TimestampType, false)
          .add(WINDOW_END, DataTypes.TimestampType, false)
          .add(EVENTS, DataTypes.LongType, false)
          .add(VALUE_SUM, SUM_TYPE, false)
          .add(VALUE_MIN, VALUE_TYPE, false)
          .add(VALUE_MAX, VALUE_TYPE, false)
          .add(USERS_SKETCH, DataTypes.BinaryType, false);

  /** The columns of {@link #EVENT}, to select them out of a wider dataset. */
  public static org.apache.spark.sql.Column[] eventColumns() {
    return java.util.Arrays.stream(EVENT.fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  private EventSchema() {}
}
