package io.lambdakappa.retention;

import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawArchive;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.streaming.StreamSource;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Kappa+'s log: the archive of the topic ({@code [0, archivedUpTo)} of each partition, raw records
 * in Parquet: the same {@link RawArchive} as Lambda's master dataset) and the live topic from
 * {@code archivedUpTo} on, read by one streaming query with one checkpoint: Spark's file source
 * over the archive's files beside its Kafka source over the topic. The first micro-batch reads the
 * whole archive and what the topic holds past it; later ones read the topic as it goes on. Its
 * offsets, for progress, are the live topic's (the file source's own offset is not a Kafka offset,
 * and stands for none).
 */
record ArchiveThenLog(
    String bootstrapServers, RawArchive archive, String liveTopic, Map<Integer, Long> archivedUpTo)
    implements StreamSource {

  ArchiveThenLog {
    archivedUpTo = Map.copyOf(archivedUpTo);
  }

  @Override
  public String name() {
    return liveTopic;
  }

  /** Always the whole archive, and the live topic from {@code archivedUpTo}. */
  @Override
  public Dataset<Row> open(
      SparkSession spark, Map<Integer, Long> startingOffsets, long maxRecordsPerBatch) {
    Dataset<Row> live =
        RawSources.kafkaStream(
            spark,
            bootstrapServers,
            liveTopic,
            KafkaOffsets.sparkJson(liveTopic, archivedUpTo),
            maxRecordsPerBatch);
    return archive.stream(spark).unionByName(live);
  }

  @Override
  public Map<Integer, Long> offsets(String sparkOffset) {
    return KafkaOffsets.fromSparkJson(liveTopic, sparkOffset);
  }

  @Override
  public Map<Integer, Long> latest() {
    return KafkaOffsets.latest(bootstrapServers, liveTopic);
  }
}
