package io.lambdakappa.logic;

import static io.lambdakappa.testing.Events.view;
import static io.lambdakappa.testing.Events.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.testing.RawRecords;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class EventValidationTest {

  private final EventValidation validation = new EventValidation(LogicConfig.defaults());

  @Test
  void acceptsAWellFormedEventAndTypesItsFields() {
    List<Row> events =
        validation
            .validate(
                RawRecords.of(withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "1.5")))
            .events()
            .collectAsList();

    assertThat(events).hasSize(1);
    Row event = events.get(0);
    assertThat(event.<String>getAs(EventSchema.EVENT_ID)).isEqualTo("e1");
    assertThat(event.<Timestamp>getAs(EventSchema.EVENT_TIME).toInstant())
        .isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    assertThat(event.<BigDecimal>getAs(EventSchema.VALUE)).isEqualByComparingTo("1.5");
  }

  @Test
  void acceptsEpochMillisAsEventTime() {
    String millis =
        "{\"event_id\":\"e1\",\"event_time\":1767225610000,\"user_id\":\"alice\","
            + "\"key\":\"home\",\"event_type\":\"view\",\"value\":2}";

    Row event = validation.validate(RawRecords.of(millis)).events().first();

    assertThat(event.<Timestamp>getAs(EventSchema.EVENT_TIME).toInstant())
        .isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
  }

  @Test
  void quarantinesTruncatedJsonAsMalformed() {
    String truncated = view("alice", "home", "2026-01-01T00:00:10Z", "1.5").substring(0, 40);
    assertRejected(truncated, RejectReason.MALFORMED_JSON, "not a JSON object");
  }

  @Test
  void quarantinesAJsonArrayAndAnEmptyLineAsMalformed() {
    assertRejected("[1,2,3]", RejectReason.MALFORMED_JSON, "not a JSON object");
    assertRejected("", RejectReason.MALFORMED_JSON, "not a JSON object");
  }

  /** Spark's JSON reader takes single quotes unless told not to; JSON (and the oracle) does not. */
  @Test
  void quarantinesSingleQuotedPseudoJsonAsMalformed() {
    String singleQuoted =
        "{'event_id':'e1','event_time':'2026-01-01T00:00:10Z','user_id':'u','key':'home',"
            + "'event_type':'view','value':1}";
    EventValidation.Validated validated = validation.validate(RawRecords.of(singleQuoted));
    assertThat(validated.events().count()).as("valid events").isZero();
    // Refused, as the oracle refuses it; its reason is still WRONG_TYPE where the contract's
    // MALFORMED_JSON is meant (issue #27, item 7).
    assertThat(validated.quarantined().count()).isEqualTo(1);
  }

  /** Read as one event, the first object would count and the second vanish without a word. */
  @Test
  void quarantinesTwoObjectsGluedOnOneLineWhole() {
    String glued =
        view("alice", "home", "2026-01-01T00:00:10Z", "1.5")
            + " "
            + view("bob", "home", "2026-01-01T00:00:20Z", "2");
    assertRejected(glued, RejectReason.MALFORMED_JSON, "not a JSON object");
    // Braces inside a string are text, not structure; whitespace after the object is fine.
    String braces =
        "{\"event_id\":\"e}{1\",\"event_time\":\"2026-01-01T00:00:10Z\",\"user_id\":\"u\\\"}\","
            + "\"key\":\"k\",\"event_type\":\"view\",\"value\":1}  ";
    assertThat(validation.validate(RawRecords.of(braces)).events().count()).isEqualTo(1);
  }

  /**
   * The scan for a second object runs only where a native look cannot rule one out; each of these
   * has one closing brace, so only the scan, or a wrong shortcut, would let it through.
   */
  @Test
  void quarantinesAnythingAfterTheObjectWhateverItIs() {
    String event = view("alice", "home", "2026-01-01T00:00:10Z", "1.5");
    for (String after : List.of(" 7", " \"text\"", " [1]", "x", "\t[]")) {
      assertRejected(event + after, RejectReason.MALFORMED_JSON, "not a JSON object");
    }
    assertRejected("[1] " + event, RejectReason.MALFORMED_JSON, "not a JSON object");
    for (String blank : List.of("\n", "\t ", "\r\n")) {
      assertThat(validation.validate(RawRecords.of(event + blank)).events().count())
          .as("whitespace after the object")
          .isEqualTo(1);
    }
  }

  @Test
  void quarantinesAMissingFieldAndNamesIt() {
    String noUser =
        "{\"event_id\":\"e1\",\"event_time\":\"2026-01-01T00:00:10Z\",\"key\":\"home\","
            + "\"event_type\":\"view\",\"value\":1}";
    assertRejected(noUser, RejectReason.MISSING_FIELD, "missing field(s): user_id");
  }

  @Test
  void quarantinesANullFieldAsMissing() {
    assertRejected(
        withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "null"),
        RejectReason.MISSING_FIELD,
        "missing field(s): value");
  }

  @Test
  void quarantinesAValueOfTheWrongTypeAndNamesTheField() {
    assertRejected(
        withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "\"twelve\""),
        RejectReason.WRONG_TYPE,
        "wrong type for field(s): value");
  }

  @Test
  void quarantinesAnEventTimeThatIsNotATime() {
    assertRejected(
        withId("e1", "alice", "home", "view", "yesterday", "1"),
        RejectReason.WRONG_TYPE,
        "event_time 'yesterday' is neither ISO-8601 nor epoch milliseconds");
  }

  @Test
  void quarantinesANegativeValue() {
    assertRejected(
        withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "-3.5"),
        RejectReason.NEGATIVE_VALUE,
        "value -3.5 is negative");
  }

  @Test
  void quarantinesANaNValue() {
    assertRejected(
        withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "\"NaN\""),
        RejectReason.NAN_VALUE,
        "value is NaN");
  }

  @Test
  void quarantinesAnOverflowingValue() {
    assertRejected(
        withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "1e300"),
        RejectReason.VALUE_OVERFLOW,
        "larger than the maximum");
  }

  @Test
  void quarantinesAnInfiniteValueAsOverflow() {
    assertRejected(
        withId("e1", "alice", "home", "view", "2026-01-01T00:00:10Z", "1e400"),
        RejectReason.VALUE_OVERFLOW,
        "larger than the maximum");
  }

  @Test
  void quarantinesAnEventTimeOutsideTheSaneRange() {
    assertRejected(
        withId("e1", "alice", "home", "view", "1969-07-20T20:17:00Z", "1"),
        RejectReason.TIME_OUT_OF_RANGE,
        "outside [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)");
  }

  @Test
  void quarantinesAnOversizedRecordBeforeParsingIt() {
    String huge = withId("e1", "alice", "x".repeat(20_000), "view", "2026-01-01T00:00:10Z", "1");
    assertRejected(huge, RejectReason.OVERSIZED, "more than the 16384 allowed");
  }

  @Test
  void everyRecordIsEitherValidOrQuarantinedWithItsSource() {
    List<String> mixed =
        List.of(
            view("alice", "home", "2026-01-01T00:00:10Z", "1"),
            "{broken",
            view("bob", "home", "2026-01-01T00:00:20Z", "-1"),
            view("carol", "cart", "2026-01-01T00:00:30Z", "2"));

    EventValidation.Validated validated = validation.validate(RawRecords.of(mixed));

    assertThat(validated.events().count()).isEqualTo(2);
    List<Row> quarantined = validated.quarantined().collectAsList();
    assertThat(quarantined)
        .extracting(row -> row.<String>getAs(EventSchema.SOURCE))
        .containsExactlyInAnyOrder("test:2", "test:3");
    assertThat(quarantined)
        .extracting(row -> row.<String>getAs(EventSchema.RAW_TEXT))
        .contains("{broken");
  }

  @Test
  void quarantinesAnEventFurtherAheadOfItsArrivalThanAllowedButOnlyWhereTheArrivalIsKnown() {
    java.time.Instant arrival = java.time.Instant.parse("2026-11-25T10:00:00Z");
    String fromTheFuture = view("mallory", "home", "2099-01-01T00:00:00Z", "1");
    String slightlyAhead = view("alice", "home", "2026-11-25T10:59:59Z", "1"); // within an hour
    String justTooFar = view("bob", "home", "2026-11-25T11:00:00.001Z", "1");

    EventValidation.Validated fromKafka =
        validation.validate(
            RawRecords.arrivedAt(arrival, fromTheFuture, slightlyAhead, justTooFar));

    assertThat(fromKafka.events().count()).isEqualTo(1);
    List<Row> quarantined = fromKafka.quarantined().orderBy(EventSchema.SOURCE).collectAsList();
    assertThat(quarantined)
        .extracting(row -> row.<String>getAs(EventSchema.REASON))
        .containsOnly(RejectReason.EVENT_TIME_AHEAD.name());
    assertThat(quarantined.get(0).<String>getAs(EventSchema.MESSAGE))
        .isEqualTo(
            "event_time 2099-01-01T00:00:00Z is more than PT1H ahead of the record's arrival at"
                + " 2026-11-25T10:00:00.000Z");
    // A line of a file has no arrival: the same records are events there.
    assertThat(validation.validate(RawRecords.of(fromTheFuture, justTooFar)).events().count())
        .isEqualTo(2);
  }

  private void assertRejected(String json, RejectReason reason, String messagePart) {
    EventValidation.Validated validated = validation.validate(RawRecords.of(json));
    assertThat(validated.events().count()).as("valid events").isZero();
    List<Row> quarantined = validated.quarantined().collectAsList();
    assertThat(quarantined).hasSize(1);
    Row row = quarantined.get(0);
    assertThat(row.<String>getAs(EventSchema.REASON)).isEqualTo(reason.name());
    assertThat(row.<String>getAs(EventSchema.MESSAGE)).contains(messagePart);
    assertThat(row.<String>getAs(EventSchema.RAW_TEXT)).isEqualTo(json);
    assertThat(row.<String>getAs(EventSchema.SOURCE)).isEqualTo("test:1");
  }
}
