package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.EVENT_ID;
import static io.lambdakappa.logic.EventSchema.EVENT_TIME;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps the first copy of each event. Producers retry, so the log holds duplicates; counting them
 * twice would make every metric wrong.
 *
 * <p>A duplicate is an exact copy: same {@code event_id}, same {@code event_time}. Deduplicating on
 * both, not on the id alone, is what makes one call serve both modes: on a batch dataset it sees
 * everything and removes every copy; on a stream, because the event time is part of the key, Spark
 * can forget an id once the watermark has passed its time, so the state stays bounded. A copy
 * arriving after that is itself behind the watermark, and the same operator drops it as late, so no
 * copy is ever counted twice. (Spark's {@code dropDuplicatesWithinWatermark} would do on a stream
 * but refuses batch datasets: it would need an {@code if (streaming)}.)
 */
public final class Deduplication {

  private Deduplication() {}

  /**
   * Removes duplicate events. The input must already carry the event-time watermark (see {@link
   * EventPipeline}): that is what bounds the state on a stream.
   */
  public static Dataset<Row> dropDuplicates(Dataset<Row> watermarkedEvents) {
    return watermarkedEvents.dropDuplicates(EVENT_ID, EVENT_TIME);
  }
}
