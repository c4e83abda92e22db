package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.EVENT_TIME;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The whole business logic as one function from raw records to window metrics: validate, then
 * deduplicate, then aggregate. The batch layer calls it on a batch read of the master dataset, the
 * speed layer and the Kappa pipeline call it on a Kafka stream; none of them has its own copy.
 *
 * <p>The watermark is set once, right after validation, so the deduplication and the aggregation
 * share it. On a batch dataset Spark ignores it. On a stream, an event whose time is behind the
 * watermark when it arrives is dropped as late, and Spark counts it in the progress of the first
 * stateful operator (the deduplication).
 *
 * <p>Accounting, the identity every test and report checks:
 *
 * <pre>
 *   read  = valid + quarantined
 *   valid = counted + duplicates + dropped_late
 * </pre>
 *
 * {@code valid} and {@code counted} are observed here ({@link #VALID_EVENTS}, {@link
 * #COUNTED_EVENTS}), {@code quarantined} is the size of the quarantine output, {@code duplicates}
 * and {@code dropped_late} come from Spark's own streaming progress (the deduplication operator's
 * dropped copies, the state operators' rows behind the watermark). None is derived from the others.
 */
public final class EventPipeline {

  /** Observation of the valid events entering deduplication, with one column {@code n}. */
  public static final String VALID_EVENTS = "lk_valid_events";

  /** Observation of the unique, on-time events that reach the aggregation, column {@code n}. */
  public static final String COUNTED_EVENTS = "lk_counted_events";

  /** The name of the count column in both observations. */
  public static final String OBSERVED_COUNT = "n";

  /**
   * The observation an admission ({@link #admitting}) makes of the valid events it left out, with
   * the columns {@link #LEFT_OUT_LATE} and {@link #LEFT_OUT_DUPLICATES}.
   */
  public static final String LEFT_OUT = "lk_left_out";

  public static final String LEFT_OUT_LATE = "late";
  public static final String LEFT_OUT_DUPLICATES = "duplicates";

  /**
   * What the pipeline produces from one input: metrics and the records it refused.
   *
   * @param validated what both were computed from (to {@link EventValidation.Validated#release}
   *     records kept by {@link #applyOnce})
   */
  public record Output(
      Dataset<Row> metrics, Dataset<Row> quarantined, EventValidation.Validated validated) {

    /** Releases what {@link #applyOnce} kept: once both outputs are written. */
    public void release() {
      validated.release();
    }
  }

  private final LogicConfig config;
  private final EventValidation validation;
  private final WindowAggregation windowedMetrics;
  private final UnaryOperator<Dataset<Row>> admission;

  public EventPipeline(LogicConfig config) {
    this(config, UnaryOperator.identity());
  }

  private EventPipeline(LogicConfig config, UnaryOperator<Dataset<Row>> admission) {
    this.config = config;
    this.validation = new EventValidation(config);
    this.windowedMetrics = new WindowAggregation(config);
    this.admission = admission;
  }

  /**
   * The same logic for a view that owns only part of the valid events: {@code admission} runs on
   * the valid, watermarked events before deduplication and keeps those this view counts. What it
   * leaves out is counted elsewhere, and the admission must observe how many it left out, and why,
   * for the accounting identity to hold. Lambda's speed layer uses it at the batch horizon (events
   * a batch view already counted are not counted again); every other view admits all.
   */
  public EventPipeline admitting(UnaryOperator<Dataset<Row>> newAdmission) {
    return new EventPipeline(config, newAdmission);
  }

  public LogicConfig config() {
    return config;
  }

  /** Runs the logic on raw records ({@link EventSchema#RAW}), batch or streaming alike. */
  public Output apply(Dataset<Row> raw) {
    EventValidation.Validated validated = validation.validate(raw);
    return new Output(metrics(validated.events()), validated.quarantined(), validated);
  }

  /**
   * {@link #apply} for a bounded input whose metrics and quarantine are written by two jobs
   * (Lambda's recompute): the same logic, with the raw text parsed once for both ({@link
   * EventValidation#validateOnce}). Call {@link Output#release} once both are written.
   */
  public Output applyOnce(Dataset<Row> raw) {
    EventValidation.Validated validated = validation.validateOnce(raw);
    return new Output(metrics(validated.events()), validated.quarantined(), validated);
  }

  /** The second half of {@link #apply}: the metrics of events already validated. */
  public Dataset<Row> metrics(Dataset<Row> validEvents) {
    return windowedMetrics.aggregate(counted(validEvents));
  }

  /**
   * The events the metrics count: valid, admitted, on time and seen for the first time, before the
   * aggregation. The metrics are this, aggregated; on its own it serves an experiment that writes
   * the counted events themselves (a naive append sink, to show what it double counts).
   */
  public Dataset<Row> counted(Dataset<Row> validEvents) {
    Dataset<Row> valid =
        validEvents
            .select(EventSchema.eventColumns())
            .withWatermark(EVENT_TIME, config.watermarkInterval())
            .observe(VALID_EVENTS, count(lit(1)).as(OBSERVED_COUNT));
    return Deduplication.dropDuplicates(admission.apply(valid))
        .observe(COUNTED_EVENTS, count(lit(1)).as(OBSERVED_COUNT));
  }

  /**
   * {@link #apply}, with the records validation refuses also observed as {@link
   * EventValidation#QUARANTINED}: for a stream that writes only the metrics and must still keep
   * every rejected record (its progress carries them, micro-batch by micro-batch).
   */
  public Output applyObservingRejects(Dataset<Row> raw) {
    EventValidation.Validated validated = validation.validateObservingRejects(raw);
    return new Output(metrics(validated.events()), validated.quarantined(), validated);
  }

  /**
   * Validation alone: the valid events and the refused records. Lambda's speed layer judges the
   * master dataset's raw records with it at a batch horizon, to know which events the batch view
   * counted ({@code HorizonSeam}).
   */
  public EventValidation.Validated validate(Dataset<Row> raw) {
    return validation.validate(raw);
  }
}
