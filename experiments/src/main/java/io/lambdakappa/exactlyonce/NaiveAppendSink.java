package io.lambdakappa.exactlyonce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.streaming.StreamSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The naive alternative to the idempotent upsert, built only for the exactly-once experiment: the
 * same shared logic up to the counted events ({@link EventPipeline#counted}), each micro-batch's
 * counted events appended to a Kafka topic, and the answer computed from what the topic holds.
 *
 * <p>It is what {@code foreachBatch} and a plain write give anyone who writes them: Spark's
 * checkpoint makes the stream resume at the first micro-batch it has not committed, but a process
 * killed after the sink wrote (part of) a batch and before Spark wrote its commit runs that batch
 * again on restart, and the append writes it a second time. Spark's documentation says as much:
 * {@code foreachBatch} is at-least-once unless the sink uses the batch id, and so is its Kafka
 * sink. Kafka makes the gap wide: each task's records are in the topic as soon as they are sent,
 * before the task commits its state and long before Spark commits the batch. Each record carries
 * its batch id, a write id and the run of the process that wrote it, not to be idempotent (that is
 * the point) but so the experiment can count what was written twice without asking the oracle.
 */
final class NaiveAppendSink {

  static final String BATCH_ID = "batch_id";
  static final String WRITE_ID = "write_id";
  static final String RUN = "run";
  static final String QUERY_NAME = "naive-append";

  /** What one appended record holds: a counted event and where it was written from. */
  static final StructType APPENDED =
      EventSchema.EVENT
          .add(BATCH_ID, DataTypes.LongType, false)
          .add(WRITE_ID, DataTypes.StringType, false)
          .add(RUN, DataTypes.IntegerType, false);

  private NaiveAppendSink() {}

  /**
   * Starts (or resumes from {@code checkpoint}) the stream of counted events into {@code
   * outputTopic}.
   */
  static StreamingQuery start(
      SparkSession spark,
      StreamSource log,
      EventPipeline logic,
      long maxRecordsPerBatch,
      String bootstrapServers,
      String outputTopic,
      String checkpoint,
      int run)
      throws TimeoutException {
    Dataset<Row> raw = log.open(spark, Map.of(), maxRecordsPerBatch);
    Dataset<Row> counted = logic.counted(logic.validate(raw).events());
    return counted
        .writeStream()
        .queryName(QUERY_NAME)
        .outputMode("append")
        .option("checkpointLocation", checkpoint)
        .trigger(Trigger.AvailableNow())
        .foreachBatch(
            (VoidFunction2<Dataset<Row>, Long>)
                (batch, id) -> append(batch, id, run, bootstrapServers, outputTopic))
        .start();
  }

  private static void append(
      Dataset<Row> batch, long batchId, int run, String bootstrapServers, String topic) {
    batch
        .select(EventSchema.eventColumns())
        .withColumn(BATCH_ID, lit(batchId))
        .withColumn(WRITE_ID, lit(UUID.randomUUID().toString()))
        .withColumn(RUN, lit(run))
        .select(to_json(struct(col("*"))).as("value"))
        .write()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", topic)
        .save();
  }

  /** Everything the sink appended to {@code topic}, as rows of {@link #APPENDED}. */
  static Dataset<Row> appended(SparkSession spark, String bootstrapServers, String topic) {
    return spark
        .read()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .load()
        .select(from_json(col("value").cast("string"), APPENDED).as("row"))
        .select("row.*");
  }
}
