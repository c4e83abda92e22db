package io.lambdakappa.retention;

import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.streaming.StreamSource;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Kappa+'s log: the archive ({@code [0, archivedUpTo)} of each partition, in a topic that keeps
 * everything) and then the live topic from {@code archivedUpTo} on, read by one streaming query
 * through Spark's Kafka source, so the same streaming code replays the whole history and then goes
 * on with the live log, with one checkpoint. Its offsets, for progress, are the live topic's.
 */
record ArchiveThenLog(
    String bootstrapServers, String archiveTopic, String liveTopic, Map<Integer, Long> archivedUpTo)
    implements StreamSource {

  ArchiveThenLog {
    archivedUpTo = Map.copyOf(archivedUpTo);
  }

  @Override
  public String name() {
    return liveTopic;
  }

  /** Always from the archive's start and the live topic's {@code archivedUpTo}. */
  @Override
  public Dataset<Row> open(
      SparkSession spark, Map<Integer, Long> startingOffsets, long maxRecordsPerBatch) {
    Map<Integer, Long> archiveStart = new java.util.TreeMap<>();
    archivedUpTo.keySet().forEach(partition -> archiveStart.put(partition, 0L));
    String archive = KafkaOffsets.sparkJson(archiveTopic, archiveStart);
    String live = KafkaOffsets.sparkJson(liveTopic, archivedUpTo);
    // Two one-topic objects into one: {"archive":{...},"live":{...}}
    String starting = archive.substring(0, archive.length() - 1) + "," + live.substring(1);
    return RawSources.kafkaStream(
        spark, bootstrapServers, archiveTopic + "," + liveTopic, starting, maxRecordsPerBatch);
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
