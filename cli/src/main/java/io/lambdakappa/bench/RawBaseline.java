package io.lambdakappa.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.window;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The raw baseline: the same work as the pipelines, written by hand as the shortest Spark job that
 * does it, with nothing around it: no validation beyond the parse, no quarantine, no deduplication,
 * no accounting, no state store, no view store. What the pipelines do on top of it is what their
 * ratio to it measures, and because both run in the same JVM on the same data, the ratio carries
 * over from one machine to another where the absolute figures do not.
 *
 * <p>It deliberately shares no code with {@code common-logic}: a baseline that called the logic
 * under test would measure nothing.
 */
final class RawBaseline {

  private static final StructType JSON =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("event_time", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("key", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("value", DataTypes.createDecimalType(18, 4));

  private final SparkSession spark;
  private final String window;

  RawBaseline(SparkSession spark, Duration window) {
    this.spark = spark;
    this.window = window.toSeconds() + " seconds";
  }

  /**
   * Lambda's recompute, by hand: the typed events of the master dataset's Parquet files, windowed
   * and aggregated, written as Parquet.
   */
  void aggregateParquet(Dataset<Row> events, Path output) {
    aggregate(events).write().mode(SaveMode.Overwrite).parquet(output.toString());
  }

  /**
   * Kappa's replay, by hand: every record of the topic read in one bounded batch, parsed from JSON,
   * windowed and aggregated, written as Parquet.
   */
  void aggregateKafka(String bootstrapServers, String topic, Path output) {
    Dataset<Row> events =
        spark
            .read()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .option("endingOffsets", "latest")
            .load()
            .select(from_json(col("value").cast("string"), JSON).as("e"))
            .select(
                col("e.key").as("key"),
                // the contract's two time forms: ISO-8601 text or epoch millis
                coalesce(
                        try_to_timestamp(col("e.event_time")),
                        timestamp_millis(col("e.event_time").try_cast("long")))
                    .as("event_time"),
                col("e.user_id").as("user_id"),
                col("e.value").as("value"))
            .where(col("key").isNotNull().and(col("event_time").isNotNull()));
    aggregate(events).write().mode(SaveMode.Overwrite).parquet(output.toString());
  }

  private Dataset<Row> aggregate(Dataset<Row> events) {
    return events
        .groupBy(col("key"), window(col("event_time"), window))
        .agg(
            count(lit(1)).as("events"),
            sum(col("value")).as("value_sum"),
            min(col("value")).as("value_min"),
            max(col("value")).as("value_max"),
            hll_sketch_agg(col("user_id"), 12).as("users_sketch"));
  }
}
