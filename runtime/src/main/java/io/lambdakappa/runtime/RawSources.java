package io.lambdakappa.runtime;

import static io.lambdakappa.logic.EventSchema.ARRIVAL;
import static io.lambdakappa.logic.EventSchema.RAW_VALUE;
import static io.lambdakappa.logic.EventSchema.SOURCE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;

import io.lambdakappa.logic.EventSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * Reads raw records ({@link EventSchema#RAW}: the JSON text and where it came from) from the places
 * events live. This is where I/O meets the logic: every pipeline reads through here and hands the
 * result to {@link io.lambdakappa.logic.EventPipeline}, batch or streaming.
 */
public final class RawSources {

  private RawSources() {}

  /**
   * A stream of the topic from {@code startingOffsets} ("earliest", "latest" or Spark's JSON of
   * per-partition offsets). The source of each record is {@code topic/partition@offset}; its Kafka
   * timestamp is its {@link EventSchema#ARRIVAL}.
   *
   * @param maxRecordsPerBatch the most records one micro-batch reads (Spark's {@code
   *     maxOffsetsPerTrigger}), so a replay of history runs in bounded steps; 0 for no limit
   */
  public static Dataset<Row> kafkaStream(
      SparkSession spark,
      String bootstrapServers,
      String topic,
      String startingOffsets,
      long maxRecordsPerBatch) {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", startingOffsets)
            .option("failOnDataLoss", "true");
    if (maxRecordsPerBatch > 0) {
      reader = reader.option("maxOffsetsPerTrigger", maxRecordsPerBatch);
    }
    return fromKafkaRecords(reader.load());
  }

  /** A bounded batch read of the topic between two offset specifications. */
  public static Dataset<Row> kafkaBatch(
      SparkSession spark,
      String bootstrapServers,
      String topic,
      String startingOffsets,
      String endingOffsets) {
    return LoggedRecords.asRaw(
        kafkaBatchLogged(spark, bootstrapServers, topic, startingOffsets, endingOffsets));
  }

  /**
   * The same bounded read, as the records were logged ({@link LoggedRecords#LOGGED}): the bytes of
   * each value untouched, with partition, offset and log time. What an archive copies.
   */
  public static Dataset<Row> kafkaBatchLogged(
      SparkSession spark,
      String bootstrapServers,
      String topic,
      String startingOffsets,
      String endingOffsets) {
    return LoggedRecords.fromKafka(
        spark
            .read()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", startingOffsets)
            .option("endingOffsets", endingOffsets)
            .load());
  }

  private static Dataset<Row> fromKafkaRecords(Dataset<Row> records) {
    return records.select(
        col("value").cast("string").as(RAW_VALUE),
        format_string("%s/%d@%d", col("topic"), col("partition"), col("offset")).as(SOURCE),
        col("timestamp").as(ARRIVAL));
  }

  /**
   * Every line of the {@code *.jsonl} files in {@code directory}, one Spark task per file so that
   * each record's source can be its exact {@code file:line}.
   */
  public static Dataset<Row> jsonLinesFiles(SparkSession spark, Path directory) {
    return jsonLinesFiles(spark, listJsonLines(directory));
  }

  /** The lines of these files (URIs, as {@link #listJsonLines} gives them), as raw records. */
  public static Dataset<Row> jsonLinesFiles(SparkSession spark, List<String> files) {
    return LoggedRecords.asRaw(LoggedRecords.fromFiles(spark, files));
  }

  /** The {@code *.jsonl} files of a directory, sorted by name so the order is reproducible. */
  public static List<String> listJsonLines(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("not a directory: " + directory);
    }
    try (Stream<Path> entries = Files.list(directory)) {
      List<String> files =
          entries
              .filter(path -> path.getFileName().toString().endsWith(".jsonl"))
              .map(path -> path.toAbsolutePath().toUri().toString())
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no *.jsonl files in " + directory);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }
}
