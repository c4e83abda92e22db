package io.lambdakappa.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import io.lambdakappa.runtime.DataPath;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The raw baseline: the same work as the pipelines, written by hand as the shortest Spark job that
 * does it, with nothing around it: no quarantine table, no accounting, no state store, no view
 * store. What the pipelines do on top of it is what their ratio to it measures, and because both
 * run in the same JVM on the same data, the ratio carries over from one machine to another where
 * the absolute figures do not.
 *
 * <p>Equal work, or the ratio means nothing: it parses with the same schema and the same Spark
 * functions as the pipeline (a value read as a double, then a {@code decimal(18,4)}; a time as
 * epoch millis when it is digits, ISO-8601 otherwise), keeps the records the data contract accepts
 * and counts each event once. Each run returns its totals, and the benchmark refuses a baseline
 * whose totals differ from the pipeline's: a baseline that drops rows would look fast.
 *
 * <p>It deliberately shares no code with {@code common-logic}: a baseline that called the logic
 * under test would measure nothing.
 */
public final class RawBaseline {

  /** What a run counted: every event once, and the sum of their values. */
  public record Totals(long events, BigDecimal valueSum) {

    /**
     * A ratio compares equal work only if both sides counted the same events: a baseline that drops
     * rows (or a pipeline that counts some twice) would make it a lie, so the run stops.
     */
    public void requireEqualTo(Totals pipeline, String baseline) {
      if (events != pipeline.events || valueSum.compareTo(pipeline.valueSum) != 0) {
        throw new IllegalStateException(
            String.format(
                "%s counted %,d events (value sum %s) where the batch view counts %,d (value sum"
                    + " %s): the ratio would compare unequal work",
                baseline, events, valueSum, pipeline.events, pipeline.valueSum));
      }
    }
  }

  private static final StructType JSON =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("event_time", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("key", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("_corrupt", DataTypes.StringType);

  /** Permissive parsing that says when a record did not parse whole, as the pipeline's does. */
  private static final Map<String, String> JSON_OPTIONS =
      Map.of(
          "mode",
          "PERMISSIVE",
          "columnNameOfCorruptRecord",
          "_corrupt",
          "allowSingleQuotes",
          "false");

  private final SparkSession spark;
  private final String window;

  public RawBaseline(SparkSession spark, Duration window) {
    this.spark = spark;
    this.window = window.toMillis() + " milliseconds";
  }

  /**
   * Lambda's recompute, by hand: the raw records of the master dataset's Parquet files (each
   * value's bytes as logged), parsed from JSON, the contract's checks, each event once, windowed
   * and aggregated, written as Parquet.
   */
  public Totals aggregateParquet(Dataset<Row> logged, DataPath output) {
    return aggregateText(logged.select(col("value").cast("string").as("raw")), output);
  }

  /**
   * Kappa's replay, by hand: every record of the topic read in one bounded batch, parsed from JSON,
   * the contract's checks, each event once, windowed and aggregated, written as Parquet.
   */
  public Totals aggregateKafka(String bootstrapServers, String topic, DataPath output) {
    return aggregateText(
        spark
            .read()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .option("endingOffsets", "latest")
            .load()
            .select(col("value").cast("string").as("raw")),
        output);
  }

  /** The work both baselines share, from a column {@code raw} of JSON text to the aggregate. */
  private Totals aggregateText(Dataset<Row> text, DataPath output) {
    Dataset<Row> events = contractEvents(text).dropDuplicates("event_id", "event_time");
    aggregate(events).write().mode(SaveMode.Overwrite).parquet(output.toString());
    return totals(output.toString());
  }

  /**
   * The events the data contract accepts, typed, from a column {@code raw} of JSON text (other
   * columns are kept): parsed with the pipeline's schema, then the contract's checks, by hand. The
   * streaming baseline starts from the same.
   */
  public static Dataset<Row> contractEvents(Dataset<Row> text) {
    Column time = col("e.event_time");
    Column value = col("e.value");
    return text.where(octet_length(col("raw")).leq(16 * 1024))
        .withColumn("e", from_json(col("raw"), JSON, JSON_OPTIONS))
        .where(col("e._corrupt").isNull())
        .withColumn("event_id", col("e.event_id"))
        .withColumn(
            "event_time",
            when(time.rlike("^-?[0-9]{1,18}$"), timestamp_millis(time.cast("long")))
                .otherwise(time.try_cast(DataTypes.TimestampType)))
        .withColumn("user_id", col("e.user_id"))
        .withColumn("key", col("e.key"))
        .withColumn("event_type", col("e.event_type"))
        .withColumn("raw_value", value)
        .drop("e", "raw")
        .where(
            col("event_id")
                .isNotNull()
                .and(col("user_id").isNotNull())
                .and(col("key").isNotNull())
                .and(col("event_type").isNotNull())
                .and(col("raw_value").isNotNull())
                .and(
                    col("event_time")
                        .geq(lit(Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")))))
                .and(
                    col("event_time")
                        .lt(lit(Timestamp.from(Instant.parse("2100-01-01T00:00:00Z")))))
                .and(not(isnan(col("raw_value"))))
                .and(col("raw_value").between(0, 1e12)))
        // Typed only once in range: a decimal(18,4) cannot hold what the checks refuse.
        .withColumn("value", col("raw_value").cast(DataTypes.createDecimalType(18, 4)))
        .drop("raw_value");
  }

  /** Tumbling windows of {@code window} per key: count, sum, min, max and the users' sketch. */
  public static Dataset<Row> aggregate(Dataset<Row> events, String window) {
    return events
        .groupBy(col("key"), window(col("event_time"), window))
        .agg(
            count(lit(1)).as("events"),
            sum(col("value")).as("value_sum"),
            min(col("value")).as("value_min"),
            max(col("value")).as("value_max"),
            hll_sketch_agg(col("user_id"), 12).as("users_sketch"));
  }

  private Dataset<Row> aggregate(Dataset<Row> events) {
    return aggregate(events, window);
  }

  /**
   * The totals of an aggregate written as Parquet at {@code output}, any location Spark reads (a
   * small read: one row per key and window).
   */
  public Totals totals(String output) {
    Row row = spark.read().parquet(output).agg(sum("events"), sum("value_sum")).first();
    return new Totals(
        row.isNullAt(0) ? 0 : row.getLong(0),
        row.isNullAt(1) ? BigDecimal.ZERO : row.getDecimal(1).stripTrailingZeros());
  }
}
