package io.lambdakappa.streaming;

import io.lambdakappa.logic.EventSchema;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A log a streaming view reads: partitions of records in offset order. Kafka in production ({@link
 * KafkaStreamSource}); tests inject an in-memory log, so a speed generation or a Kappa reprocess
 * runs in seconds without a broker. Offsets are the next record to read, per partition.
 */
public interface StreamSource {

  /** What the log is called where it lives (a Kafka topic's name). */
  String name();

  /**
   * The log as a stream of raw records ({@link EventSchema#RAW}: the text, its {@code
   * name/partition@offset}, the time the log received it).
   *
   * @param startingOffsets where to start, per partition; empty for the start of the log. A query
   *     resumed from its checkpoint ignores it and goes on where it stopped.
   * @param maxRecordsPerBatch the most records one micro-batch reads, 0 for no limit
   */
  Dataset<Row> open(
      SparkSession spark, Map<Integer, Long> startingOffsets, long maxRecordsPerBatch);

  /**
   * The offsets, per partition, that one of this source's offsets in Spark's progress stands for
   * (the JSON of {@code SourceProgress.endOffset}).
   */
  Map<Integer, Long> offsets(String sparkOffset);

  /** The end of the log now: the next offset of each partition. */
  Map<Integer, Long> latest();
}
