package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.EVENT_ID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps the first copy of each {@code event_id}. Producers retry, so the log holds duplicates;
 * counting them twice would make every metric wrong.
 *
 * <p>On a stream, Spark can only remember ids for a while: {@code dropDuplicatesWithinWatermark}
 * keeps each id in state until the watermark passes its event time. A copy arriving after that is
 * itself behind the watermark, and the same operator drops it as late, so no copy is ever counted
 * twice. On a batch dataset the same call sees everything at once and removes every duplicate. One
 * call, both modes (STYLE.md 1): no {@code if (streaming)}.
 */
public final class Deduplication {

  private Deduplication() {}

  /**
   * Removes duplicate events. The input must already carry the event-time watermark (see {@link
   * EventPipeline}): that is what bounds the state on a stream.
   */
  public static Dataset<Row> dropDuplicates(Dataset<Row> watermarkedEvents) {
    return watermarkedEvents.dropDuplicatesWithinWatermark(EVENT_ID);
  }
}
