package io.lambdakappa.testing;

import io.lambdakappa.generate.GeneratedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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

  /**
   * The positions in {@code published} of the records behind their batch's watermark.
   *
   * @param offsets the per-partition offsets one of the source's offsets in Spark's progress stands
   *     for (the source's own reading of them)
   */
  public static Set<Integer> behindTheWatermark(
      List<StreamingQueryProgress> progress,
      Function<String, Map<Integer, Long>> offsets,
      List<GeneratedRecord> published) {
    Set<Integer> late = new TreeSet<>();
    Instant previous = null;
    for (StreamingQueryProgress batch : progress) {
      String watermark = batch.eventTime().get("watermark");
      Instant mark = previous;
      previous = watermark == null ? previous : Instant.parse(watermark);
      if (mark == null || batch.sources()[0].startOffset() == null) {
        continue;
      }
      long from = offsets.apply(batch.sources()[0].startOffset()).get(0);
      long to = offsets.apply(batch.sources()[0].endOffset()).get(0);
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
