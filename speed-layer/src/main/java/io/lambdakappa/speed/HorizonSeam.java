package io.lambdakappa.speed;

import static io.lambdakappa.logic.EventSchema.EVENT_ID;
import static io.lambdakappa.logic.EventSchema.EVENT_TIME;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventSchema;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where a speed generation takes over from its batch view, made exact for duplicates.
 *
 * <p>The two sides split the log at the horizon offset, so each record is read by one side. But a
 * duplicate is a second record of the same event: a producer's retry whose first copy was archived
 * and whose second arrives after the horizon would be counted by the batch view and again by the
 * realtime view, which starts with empty deduplication state. One continuous stream would not count
 * it: it remembers every event whose time is after its watermark, and drops as late anything older.
 * The seam gives the generation exactly that memory:
 *
 * <ul>
 *   <li>the <b>watermark at the horizon</b>: the latest event time the batch view holds, less the
 *       watermark delay. A record after the horizon whose time is not after it is late, as it would
 *       have been in one continuous stream (the next batch view counts it);
 *   <li>the <b>events after that watermark</b> the batch view holds, by {@code (event_id,
 *       event_time)}: a record after the horizon that repeats one of them is a duplicate.
 * </ul>
 *
 * Both are dropped before the generation's own deduplication and counted in the observation {@link
 * EventPipeline#LEFT_OUT}, so the accounting identity still holds. The remembered events are few (a
 * watermark delay's worth) and are joined as a broadcast table.
 */
public final class HorizonSeam implements UnaryOperator<Dataset<Row>> {

  private static final String ARCHIVED_ID = "_archived_id";
  private static final String ARCHIVED_TIME = "_archived_time";
  private static final String VERDICT = "_seam";

  private static final StructType ARCHIVED =
      new StructType()
          .add(ARCHIVED_ID, DataTypes.StringType)
          .add(ARCHIVED_TIME, DataTypes.TimestampType);

  private final Instant watermark;
  private final List<Row> archivedAfterWatermark;

  private HorizonSeam(Instant watermark, List<Row> archivedAfterWatermark) {
    this.watermark = watermark;
    this.archivedAfterWatermark = archivedAfterWatermark;
  }

  /**
   * The seam of a batch view over {@code archivedEvents}: the valid events before its horizon, or
   * at least those within {@code watermarkDelay} of the latest (the view's tail), with at least
   * their {@code event_id} and {@code event_time}. Null when there are none, and the generation
   * starts like any stream.
   */
  public static HorizonSeam of(Dataset<Row> archivedEvents, Duration watermarkDelay) {
    Row latest = archivedEvents.agg(max(col(EVENT_TIME))).first();
    if (latest.isNullAt(0)) {
      return null;
    }
    Instant watermark = latest.getTimestamp(0).toInstant().minus(watermarkDelay);
    List<Row> remembered =
        archivedEvents
            .where(col(EVENT_TIME).gt(lit(Timestamp.from(watermark))))
            .select(col(EVENT_ID), col(EVENT_TIME))
            .distinct()
            .collectAsList();
    return new HorizonSeam(watermark, remembered);
  }

  /** The watermark the log had reached at the horizon. */
  public Instant watermark() {
    return watermark;
  }

  /** How many archived events the generation remembers. */
  public int remembered() {
    return archivedAfterWatermark.size();
  }

  /**
   * Keeps the records after the horizon that the batch view has not counted, and counts the rest.
   */
  @Override
  public Dataset<Row> apply(Dataset<Row> events) {
    SparkSession spark = events.sparkSession();
    Dataset<Row> archived = spark.createDataFrame(archivedAfterWatermark, ARCHIVED);
    Dataset<Row> judged =
        events
            .join(
                broadcast(archived),
                col(EVENT_ID)
                    .equalTo(col(ARCHIVED_ID))
                    .and(col(EVENT_TIME).equalTo(col(ARCHIVED_TIME))),
                "left_outer")
            .withColumn(
                VERDICT,
                when(col(EVENT_TIME).leq(lit(Timestamp.from(watermark))), lit("late"))
                    .when(col(ARCHIVED_ID).isNotNull(), lit("duplicate")))
            .observe(
                EventPipeline.LEFT_OUT,
                count_if(col(VERDICT).equalTo("late")).as(EventPipeline.LEFT_OUT_LATE),
                count_if(col(VERDICT).equalTo("duplicate")).as(EventPipeline.LEFT_OUT_DUPLICATES));
    return judged.where(col(VERDICT).isNull()).select(EventSchema.eventColumns());
  }
}
