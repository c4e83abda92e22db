package io.lambdakappa.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oracle and the pipeline are two independent readings of the data contract (docs/
 * data-contract.md): DuckDB SQL and Spark. Here they read the same files and must agree exactly,
 * window by window, on every time format the contract accepts, on values with more decimal places
 * than the contract keeps, and on window lengths that divide neither an hour nor a day. This tier
 * runs in a non-UTC zone (see the parent pom), so an engine that followed the host's zone would
 * disagree here.
 */
class OracleAgreementTest {

  @TempDir Path temp;

  @ParameterizedTest(name = "windows of {0}")
  @ValueSource(strings = {"PT1M", "PT7M", "PT90S", "P1D", "P7D"})
  void agreeOnGeneratedDataForAnyWindowLength(String length) throws IOException {
    Duration window = Duration.parse(length);
    GeneratorOptions shape = GeneratorOptions.defaults();
    // Ten days, so that day and week windows have neighbours; 20k records with every kind of
    // trouble the generator makes (late, duplicated, malformed).
    EventGenerator generator =
        new EventGenerator(
            shape.resized(20_000, Instant.parse("2026-03-25T21:13:00Z"), Duration.ofDays(10)));
    List<String> lines = new ArrayList<>();
    generator.forEachRemaining(record -> lines.add(record.json()));

    assertAgree(lines, LogicConfig.defaults().withWindow(window));
  }

  @Test
  void agreeOnEveryTimeFormatTheContractAccepts() throws IOException {
    assertAgree(
        List.of(
            // ISO-8601 in UTC, with and without fractions of a second
            Events.withId("iso-z", "u1", "k", "view", "2026-11-24T10:00:00Z", "1"),
            Events.withId("iso-ms", "u2", "k", "view", "2026-11-24T10:00:59.999Z", "1"),
            Events.withId("iso-us", "u3", "k", "view", "2026-11-24T10:01:00.000001Z", "1"),
            // with an offset: the instant is what counts, 10:00:30 UTC
            Events.withId("iso-plus", "u4", "k", "view", "2026-11-24T11:00:30+01:00", "1"),
            Events.withId("iso-half", "u5", "k", "view", "2026-11-24T15:31:00+05:30", "1"),
            // no zone at all: the contract reads it as UTC, never as the host's time
            Events.withId("no-zone", "u6", "k", "view", "2026-11-24T10:02:00", "1"),
            Events.withId("space", "u7", "k", "view", "2026-11-24 10:03:00", "1"),
            // epoch milliseconds, as a JSON number and as a string of digits
            "{\"event_id\":\"millis\",\"event_time\":1795600860000,\"user_id\":\"u8\","
                + "\"key\":\"k\",\"event_type\":\"view\",\"value\":1}",
            Events.withId("millis-text", "u9", "k", "view", "1795600920000", "1"),
            // not a time: both quarantine it
            Events.withId("yesterday", "u10", "k", "view", "yesterday", "1")),
        LogicConfig.defaults());
  }

  @Test
  void agreeOnValuesWithMoreDecimalPlacesThanTheContractKeeps() throws IOException {
    List<String> lines = new ArrayList<>();
    String[] values = {
      "1.23456",
      "0.00005",
      "0.00004",
      "2.00015",
      "2.00025",
      "0.1",
      "0.2",
      "1e-7",
      "123456789.98765",
      "999999.99995",
      "3.14159265358979",
      "42"
    };
    for (int i = 0; i < values.length; i++) {
      lines.add(
          Events.withId(
              "v" + i,
              "u" + i,
              "k" + (i % 3),
              "buy",
              "2026-11-24T10:00:0" + (i % 10) + "Z",
              values[i]));
    }
    assertAgree(lines, LogicConfig.defaults());
  }

  @Test
  void aByteOrderMarkCostsNoRecord() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("\uFEFF" + Events.withId("first", "u1", "k", "view", "2026-11-24T10:00:00Z", "1"));
    lines.add(Events.withId("second", "u2", "k", "view", "2026-11-24T10:00:30Z", "2"));

    assertAgree(lines, LogicConfig.defaults());
    try (SqlOracle sql = SqlOracle.of(List.of(temp.resolve("data")))) {
      assertThat(sql.counts().valid()).as("both records valid").isEqualTo(2);
    }
  }

  /** The contract: a record is one JSON object; two glued on a line are one malformed record. */
  @Test
  void twoObjectsGluedOnOneLineAreOneMalformedRecordForBoth() throws IOException {
    String alice = Events.withId("a", "alice", "k", "view", "2026-11-24T10:00:00Z", "1");
    String bob = Events.withId("b", "bob", "k", "view", "2026-11-24T10:00:10Z", "2");
    String carol = Events.withId("c", "carol", "k", "view", "2026-11-24T10:00:20Z", "3");
    assertAgree(List.of(alice + " " + bob, alice + bob, carol), LogicConfig.defaults());
    try (SqlOracle sql = SqlOracle.of(List.of(temp.resolve("data")))) {
      assertThat(sql.counts().valid()).as("only carol is an event").isEqualTo(1);
    }
  }

  /** Writes the lines to a file, runs both, and compares every window's figures exactly. */
  private void assertAgree(List<String> lines, LogicConfig logic) throws IOException {
    Path folder = Files.createDirectories(temp.resolve("data"));
    Files.write(folder.resolve("part-00000.jsonl"), lines);

    Map<String, WindowMetrics> pipeline = new TreeMap<>();
    new EventPipeline(logic)
        .apply(RawSources.jsonLinesFiles(SharedSpark.get(), folder))
        .metrics()
        .collectAsList()
        .forEach(
            row -> {
              WindowMetrics metrics = WindowMetrics.fromRow(row);
              pipeline.put(metrics.key() + "@" + metrics.windowStart(), metrics);
            });
    Map<String, SqlOracle.Expected> oracle;
    try (SqlOracle sql = SqlOracle.of(List.of(folder))) {
      oracle = sql.expected(logic.window());
    }

    assertThat(pipeline.keySet()).isEqualTo(oracle.keySet());
    for (Map.Entry<String, SqlOracle.Expected> cell : oracle.entrySet()) {
      WindowMetrics actual = pipeline.get(cell.getKey());
      SqlOracle.Expected expected = cell.getValue();
      assertThat(actual.events()).as(cell.getKey()).isEqualTo(expected.events());
      assertThat(actual.valueSum()).as(cell.getKey()).isEqualByComparingTo(expected.sum());
      assertThat(actual.valueMin()).as(cell.getKey()).isEqualByComparingTo(expected.min());
      assertThat(actual.valueMax()).as(cell.getKey()).isEqualByComparingTo(expected.max());
      assertThat(actual.windowEnd())
          .as(cell.getKey())
          .isEqualTo(actual.windowStart().plus(logic.window()));
    }
  }
}
