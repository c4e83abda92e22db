package io.lambdakappa.testing;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.runtime.KafkaOffsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Which records a stream must have dropped as late, worked out from outside the pipeline: Spark
 * reports each micro-batch's offsets and watermark. Since Spark 3.4 (several stateful operators in
 * one query), a batch filters late rows with the watermark of the batch before it and evicts state
 * with its own, so a valid record is behind the watermark when its event time is not after the
 * previous batch's watermark. With one partition an offset is a position in the published list.
 */
public final class LateRecords {

  private LateRecords() {}

  /** The positions in {@code published} of the records behind their batch's watermark. */
  public static Set<Integer> behindTheWatermark(
      List<StreamingQueryProgress> progress, String topic, List<GeneratedRecord> published) {
    Set<Integer> late = new TreeSet<>();
    Instant previous = null;
    for (StreamingQueryProgress batch : progress) {
      String watermark = batch.eventTime().get("watermark");
      Instant mark = previous;
      previous = watermark == null ? previous : Instant.parse(watermark);
      if (mark == null || batch.sources()[0].startOffset() == null) {
        continue;
      }
      long from = KafkaOffsets.fromSparkJson(topic, batch.sources()[0].startOffset()).get(0);
      long to = KafkaOffsets.fromSparkJson(topic, batch.sources()[0].endOffset()).get(0);
      for (int position = (int) from; position < to; position++) {
        GeneratedRecord record = published.get(position);
        if (record.kind() != GeneratedRecord.Kind.MALFORMED
            && !Oracle.eventTime(record).isAfter(mark)) {
          late.add(position);
        }
      }
    }
    return late;
  }
}
