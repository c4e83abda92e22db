package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.*;
import static org.apache.spark.sql.functions.*;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns raw records (JSON text plus its source) into typed events, and sends every record that
 * cannot be one to the quarantine with a reason code and a human message. Nothing is dropped
 * silently: {@code read = valid + quarantined} holds row for row.
 *
 * <p>It is one pure projection, so the same code runs on a batch read of files and on a stream of
 * Kafka records. The JSON is parsed once, in Spark's permissive mode, which keeps the fields it
 * could read and puts the raw text in a "corrupt record" column when any field had the wrong type.
 * That single parse is enough to tell apart each kind of bad record, checked in this order:
 *
 * <ol>
 *   <li>{@link RejectReason#OVERSIZED}: checked on the raw length, before parsing anything;
 *   <li>{@link RejectReason#MALFORMED_JSON}: the text is not a JSON object;
 *   <li>{@link RejectReason#WRONG_TYPE}: some fields were read, others were not of their type;
 *   <li>{@link RejectReason#MISSING_FIELD}: a required field is absent or null;
 *   <li>then the values themselves: an unreadable or impossible time, NaN, negative, overflow.
 * </ol>
 */
public final class EventValidation {

  /**
   * The result of validation: two datasets that together hold every input row exactly once.
   *
   * @param kept the checked records both are read from, when they were persisted ({@link
   *     #validateOnce}); null otherwise
   */
  public record Validated(Dataset<Row> events, Dataset<Row> quarantined, Dataset<Row> kept) {

    public Validated(Dataset<Row> events, Dataset<Row> quarantined) {
      this(events, quarantined, null);
    }

    /** Releases the persisted records, if any: once both outputs are written. */
    public void release() {
      if (kept != null) {
        kept.unpersist();
      }
    }
  }

  /**
   * The observation of the records refused, made wherever the validation runs: {@link
   * #QUARANTINED_COUNT} of them, and {@link #QUARANTINED_ROWS}, each a struct of the columns of
   * {@link EventSchema#QUARANTINE}. A stream's metrics query carries its micro-batch's rejects in
   * its progress this way, without a second query over the same records.
   */
  public static final String QUARANTINED = "lk_quarantined";

  public static final String QUARANTINED_COUNT = "n";
  public static final String QUARANTINED_ROWS = "rows";

  private static final String CORRUPT = "_corrupt_record";
  private static final String PARSED = "_parsed";
  private static final String TIME_TEXT = "_time_text";

  /**
   * What the JSON parser is asked for. {@code event_time} is read as text because the contract
   * allows two forms (ISO-8601 or epoch millis) that we tell apart ourselves; {@code value} is read
   * as a double so that NaN and infinities survive parsing and get their own reason codes.
   */
  private static final StructType JSON_SCHEMA =
      new StructType()
          .add(EVENT_ID, DataTypes.StringType)
          .add(EVENT_TIME, DataTypes.StringType)
          .add(USER_ID, DataTypes.StringType)
          .add(KEY, DataTypes.StringType)
          .add(EVENT_TYPE, DataTypes.StringType)
          .add(VALUE, DataTypes.DoubleType)
          .add(CORRUPT, DataTypes.StringType);

  private static final Map<String, String> JSON_OPTIONS =
      Map.of(
          "mode",
          "PERMISSIVE",
          "columnNameOfCorruptRecord",
          CORRUPT,
          // Strict JSON, as the contract and its SQL oracle read it: Spark's reader takes
          // {'event_id': ...} by default, which no JSON parser elsewhere does.
          "allowSingleQuotes",
          "false");

  private final LogicConfig config;

  public EventValidation(LogicConfig config) {
    this.config = config;
  }

  /**
   * Validates raw records with the columns of {@link EventSchema#RAW}.
   *
   * @return valid events with the columns of {@link EventSchema#EVENT} and their {@code source},
   *     and quarantined records with the columns of {@link EventSchema#QUARANTINE}
   */
  public Validated validate(Dataset<Row> raw) {
    return validate(raw, false);
  }

  private Validated validate(Dataset<Row> raw, boolean observeRejects) {
    Dataset<Row> checked = check(raw);
    return split(observeRejects ? withRejectsObserved(checked) : checked);
  }

  /**
   * {@link #validate} for a bounded input whose two outputs are written by two jobs (Lambda's
   * recompute writes its metrics and its quarantine): the checked records are persisted (memory,
   * then disk) as the first job reads them, so the second does not parse the raw text again. What
   * neither output reads is not kept (the arrival, the parser's own columns), and only a refused
   * record keeps its text and its source: the quarantine needs them, and the events here carry no
   * source. Call {@link Validated#release} once both are written.
   */
  public Validated validateOnce(Dataset<Row> raw) {
    Column refused = col(REASON).isNotNull();
    Dataset<Row> kept =
        check(raw)
            .drop(ARRIVAL, CORRUPT, TIME_TEXT)
            .withColumn(RAW_TEXT, when(refused, col(RAW_TEXT)))
            .withColumn(SOURCE, when(refused, col(SOURCE)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Validated validated = split(kept);
    return new Validated(validated.events(), validated.quarantined(), kept);
  }

  /** Each record with its fields parsed and its verdict: a reason and a message, or nulls. */
  private Dataset<Row> check(Dataset<Row> raw) {
    return raw.select(
            col(RAW_VALUE).as(RAW_TEXT),
            col(SOURCE),
            col(ARRIVAL),
            from_json(col(RAW_VALUE), JSON_SCHEMA, JSON_OPTIONS).as(PARSED))
        .select(col(RAW_TEXT), col(SOURCE), col(ARRIVAL), col(PARSED + ".*"))
        .withColumnRenamed(EVENT_TIME, TIME_TEXT)
        .withColumn(EVENT_TIME, eventTime(col(TIME_TEXT)))
        .withColumn(REASON, reason())
        .withColumn(MESSAGE, message());
  }

  /**
   * Validates, and also observes the records refused as {@link #QUARANTINED} (a count and the rows
   * themselves) on the part both outputs share. A query that runs only the events' side, a stream
   * that writes metrics, still counts and keeps every rejected record this way, in its progress,
   * without a second query over the same records. (Observation names must be unique in a plan, so
   * this is for a query that validates once.)
   */
  public Validated validateObservingRejects(Dataset<Row> raw) {
    return validate(raw, true);
  }

  private static Dataset<Row> withRejectsObserved(Dataset<Row> checked) {
    return checked.observe(
        QUARANTINED,
        count_if(col(REASON).isNotNull()).as(QUARANTINED_COUNT),
        collect_list(
                when(
                    col(REASON).isNotNull(),
                    struct(col(RAW_TEXT), col(REASON), col(MESSAGE), col(SOURCE))))
            .as(QUARANTINED_ROWS));
  }

  /** The checked records, split into valid events and the quarantine. */
  private static Validated split(Dataset<Row> checked) {
    Dataset<Row> events =
        checked
            .where(col(REASON).isNull())
            .select(
                col(EVENT_ID),
                col(EVENT_TIME),
                col(USER_ID),
                col(KEY),
                col(EVENT_TYPE),
                col(VALUE).cast(VALUE_TYPE).as(VALUE),
                col(SOURCE));
    Dataset<Row> quarantined =
        checked
            .where(col(REASON).isNotNull())
            .select(col(RAW_TEXT), col(REASON), col(MESSAGE), col(SOURCE));
    return new Validated(events, quarantined);
  }

  /** Epoch millis when the text is an integer, otherwise an ISO-8601 timestamp; null if neither. */
  private static Column eventTime(Column text) {
    return when(text.rlike("^-?[0-9]{1,18}$"), timestamp_millis(text.cast(DataTypes.LongType)))
        .otherwise(text.try_cast(DataTypes.TimestampType));
  }

  private Column reason() {
    return when(
            octet_length(col(RAW_TEXT)).gt(config.maxRecordBytes()), code(RejectReason.OVERSIZED))
        .when(notAJsonObject(), code(RejectReason.MALFORMED_JSON))
        .when(col(CORRUPT).isNotNull(), code(RejectReason.WRONG_TYPE))
        .when(anyRequiredFieldMissing(), code(RejectReason.MISSING_FIELD))
        .when(col(EVENT_TIME).isNull(), code(RejectReason.WRONG_TYPE))
        .when(timeOutOfRange(), code(RejectReason.TIME_OUT_OF_RANGE))
        .when(aheadOfArrival(), code(RejectReason.EVENT_TIME_AHEAD))
        .when(isnan(col(VALUE)), code(RejectReason.NAN_VALUE))
        .when(col(VALUE).lt(0), code(RejectReason.NEGATIVE_VALUE))
        .when(col(VALUE).gt(config.maxValue()), code(RejectReason.VALUE_OVERFLOW));
  }

  /**
   * One sentence a person can act on. Spark evaluates a CASE lazily, so the messages cost nothing
   * for the valid records.
   */
  private Column message() {
    Column reason = col(REASON);
    return when(reason.isNull(), lit(null).cast(DataTypes.StringType))
        .when(
            reason.equalTo(code(RejectReason.OVERSIZED)),
            format_string(
                "record is %d bytes, more than the %d allowed",
                octet_length(col(RAW_TEXT)), lit(config.maxRecordBytes())))
        .when(reason.equalTo(code(RejectReason.MALFORMED_JSON)), lit("record is not a JSON object"))
        .when(
            reason.equalTo(code(RejectReason.WRONG_TYPE)).and(col(CORRUPT).isNotNull()),
            concat(lit("wrong type for field(s): "), unreadableFields()))
        .when(
            reason.equalTo(code(RejectReason.WRONG_TYPE)),
            format_string(
                "event_time '%s' is neither ISO-8601 nor epoch milliseconds", col(TIME_TEXT)))
        .when(
            reason.equalTo(code(RejectReason.MISSING_FIELD)),
            concat(lit("missing field(s): "), missingFields()))
        .when(
            reason.equalTo(code(RejectReason.TIME_OUT_OF_RANGE)),
            format_string(
                "event_time %s is outside [%s, %s)",
                col(TIME_TEXT),
                lit(config.earliestEventTime().toString()),
                lit(config.latestEventTime().toString())))
        .when(
            reason.equalTo(code(RejectReason.EVENT_TIME_AHEAD)),
            format_string(
                "event_time %s is more than %s ahead of the record's arrival at %s",
                col(TIME_TEXT),
                lit(config.maxTimeAhead().toString()),
                date_format(col(ARRIVAL), "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")))
        .when(reason.equalTo(code(RejectReason.NAN_VALUE)), lit("value is NaN"))
        .when(
            reason.equalTo(code(RejectReason.NEGATIVE_VALUE)),
            format_string("value %s is negative", col(VALUE).cast(DataTypes.StringType)))
        .otherwise(
            format_string(
                "value %s is larger than the maximum %s",
                col(VALUE).cast(DataTypes.StringType), lit(Double.toString(config.maxValue()))));
  }

  private static Column code(RejectReason reason) {
    return lit(reason.name());
  }

  private static List<Column> requiredFields() {
    return List.of(
        col(EVENT_ID), col(TIME_TEXT), col(USER_ID), col(KEY), col(EVENT_TYPE), col(VALUE));
  }

  /**
   * Permissive parsing keeps the fields read before a syntax error, so a truncated record can look
   * like one with a wrong type. Only when the parser complained (or read nothing) do we pay for a
   * second, strict look: {@code json_object_keys} is null for anything but a JSON object.
   */
  private static Column notAJsonObject() {
    Column allNull = lit(true);
    for (Column field : requiredFields()) {
      allNull = allNull.and(field.isNull());
    }
    return col(CORRUPT)
        .isNotNull()
        .or(allNull)
        .and(json_object_keys(col(RAW_TEXT)).isNull())
        .or(moreAfterTheObject(col(RAW_TEXT)));
  }

  /**
   * Whether something follows the record's first JSON object, asked of the scan below only when a
   * native look cannot tell. A record whose one and only closing brace is its last character, with
   * no closing bracket anywhere, has nothing after its object (that brace closes it, or nothing
   * does), and every well-formed event is such a record: the scan, a Java function Spark calls a
   * record at a time with the text copied into a Java string, runs on the rest only. Spark
   * evaluates a CASE lazily, so it costs nothing for the others.
   */
  private static Column moreAfterTheObject(Column text) {
    Column onlyBraceIsLast = locate("}", text).equalTo(length(text));
    Column noBracket = locate("]", text).equalTo(0);
    return when(onlyBraceIsLast.and(noBracket), lit(false))
        .otherwise(MORE_AFTER_THE_OBJECT.apply(text));
  }

  /**
   * Whether a record holds something after its first JSON object ({@code {…} {…}}: two events glued
   * on one line). Spark's JSON reader stops at the end of the first object and says nothing of the
   * rest, so the first would count and the second vanish; the whole record is quarantined instead.
   * A scan of the text that knows strings and escapes, so braces inside values are text.
   */
  private static final UserDefinedFunction MORE_AFTER_THE_OBJECT =
      udf((UDF1<String, Boolean>) EventValidation::moreAfterTheObject, DataTypes.BooleanType)
          .withName("lk_more_after_the_object");

  static Boolean moreAfterTheObject(String text) {
    if (text == null) {
      return false;
    }
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++; // the escaped character, whatever it is
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return !text.substring(i + 1).isBlank();
        }
      }
    }
    return false; // never closed: the parser calls it corrupt
  }

  private static Column anyRequiredFieldMissing() {
    Column anyNull = lit(false);
    for (Column field : requiredFields()) {
      anyNull = anyNull.or(field.isNull());
    }
    return anyNull;
  }

  private static Column missingFields() {
    return concat_ws(", ", fieldNamesWhere(name -> col(nameOf(name)).isNull()));
  }

  /** Fields present in the JSON text that the parser could not read as their type. */
  private static Column unreadableFields() {
    Column keys = json_object_keys(col(RAW_TEXT));
    return concat_ws(
        ", ", fieldNamesWhere(name -> col(nameOf(name)).isNull().and(array_contains(keys, name))));
  }

  private static Column[] fieldNamesWhere(java.util.function.Function<String, Column> condition) {
    List<String> names = List.of(EVENT_ID, EVENT_TIME, USER_ID, KEY, EVENT_TYPE, VALUE);
    return names.stream()
        .map(name -> when(condition.apply(name), lit(name)))
        .toArray(Column[]::new);
  }

  /** The parsed column holding a field: event_time was renamed while we parse it ourselves. */
  private static String nameOf(String field) {
    return field.equals(EVENT_TIME) ? TIME_TEXT : field;
  }

  /** Only where the arrival is known: a Kafka record's timestamp, not a line of a file. */
  private Column aheadOfArrival() {
    return col(ARRIVAL)
        .isNotNull()
        .and(
            col(EVENT_TIME)
                .gt(
                    col(ARRIVAL)
                        .plus(
                            expr(
                                "INTERVAL '"
                                    + config.maxTimeAhead().toMillis()
                                    + "' MILLISECOND"))));
  }

  private Column timeOutOfRange() {
    return col(EVENT_TIME)
        .lt(lit(java.sql.Timestamp.from(config.earliestEventTime())))
        .or(col(EVENT_TIME).geq(lit(java.sql.Timestamp.from(config.latestEventTime()))));
  }
}
