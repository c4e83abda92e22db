package io.lambdakappa.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two independent oracles must agree: the SQL one reads raw lines and applies the data contract's
 * rules; the test fixture's one knows what the generator made of each record.
 */
class SqlOracleTest {

  @TempDir Path data;

  @Test
  void theSqlOracleAgreesWithWhatTheGeneratorKnowsOfEveryRecord() throws Exception {
    // 5% late, duplicates and every kind of bad record (the generator's default fractions).
    List<GeneratedRecord> records =
        GeneratedData.records(60, 4_000, Instant.parse("2026-01-01T00:00:00Z"), 0.05);
    Files.write(
        data.resolve("part-00000.jsonl"), records.stream().map(GeneratedRecord::json).toList());

    Map<String, Oracle.Expected> known =
        Oracle.of(records, records.size(), Duration.ofMinutes(1), Set.of());
    try (SqlOracle oracle = SqlOracle.of(List.of(data))) {
      Map<String, SqlOracle.Expected> fromSql = oracle.expected(Duration.ofMinutes(1));

      assertThat(fromSql.keySet()).isEqualTo(known.keySet());
      known.forEach(
          (cell, want) -> {
            SqlOracle.Expected got = fromSql.get(cell);
            assertThat(got.events()).as(cell).isEqualTo(want.events());
            assertThat(got.sum()).as(cell).isEqualByComparingTo(want.sum());
            assertThat(got.min()).as(cell).isEqualByComparingTo(want.min());
            assertThat(got.max()).as(cell).isEqualByComparingTo(want.max());
            assertThat(got.users()).as(cell).isEqualTo(want.users());
          });
      long malformed =
          records.stream().filter(r -> r.kind() == GeneratedRecord.Kind.MALFORMED).count();
      SqlOracle.Counts counts = oracle.counts();
      assertThat(counts.read()).isEqualTo(4_000);
      assertThat(counts.read() - counts.valid()).as("rejected").isEqualTo(malformed);
    }
  }

  @Test
  void uniqueEventsWithinAPrefixFollowTheOrderTheFoldersAndLinesWereGiven() throws Exception {
    Path first = Files.createDirectories(data.resolve("first"));
    Path second = Files.createDirectories(data.resolve("second"));
    String a = event("a", 1);
    String b = event("b", 2);
    Files.write(first.resolve("part-00000.jsonl"), List.of(a, "not json", b));
    Files.write(first.resolve("part-00001.jsonl"), List.of(a)); // a duplicate of a
    Files.write(second.resolve("part-00000.jsonl"), List.of(event("c", 3), b));

    try (SqlOracle oracle = SqlOracle.of(List.of(first, second))) {
      assertThat(oracle.uniqueWithin(0)).isZero();
      assertThat(oracle.uniqueWithin(1)).isEqualTo(1);
      assertThat(oracle.uniqueWithin(2))
          .as("the bad line counts as a record, not an event")
          .isEqualTo(1);
      assertThat(oracle.uniqueWithin(4)).as("a's duplicate is not a new event").isEqualTo(2);
      assertThat(oracle.uniqueWithin(5)).as("the second folder comes after the first").isEqualTo(3);
      assertThat(oracle.uniqueWithin(6)).isEqualTo(oracle.counts().unique()).isEqualTo(3);
    }
  }

  @Test
  void recordsAddedInSlicesAsALogIsTailedGiveTheSameAnswerAsAllAtOnce() throws Exception {
    // Slices cut anywhere: a duplicate, a late event and a bad record may land on either side.
    List<GeneratedRecord> records =
        GeneratedData.records(61, 3_000, Instant.parse("2026-01-01T00:00:00Z"), 0.05);
    Map<String, Oracle.Expected> known =
        Oracle.of(records, records.size(), Duration.ofMinutes(1), Set.of());
    try (SqlOracle tailing = SqlOracle.empty()) {
      List<String> lines = records.stream().map(GeneratedRecord::json).toList();
      for (int from = 0; from < lines.size(); from += 701) {
        tailing.add(lines.subList(from, Math.min(lines.size(), from + 701)));
      }
      tailing.add(java.util.Arrays.asList((String) null)); // a record with no value: refused

      assertThat(tailing.counts().read()).isEqualTo(3_001);
      assertThat(tailing.counts().read() - tailing.counts().valid())
          .isEqualTo(
              1 + records.stream().filter(r -> r.kind() == GeneratedRecord.Kind.MALFORMED).count());
      assertThat(tailing.newestRefused(1)).containsExactly((String) null);
      Map<String, SqlOracle.Expected> all = tailing.expected(Duration.ofMinutes(1));
      assertThat(all.keySet()).isEqualTo(known.keySet());
      known.forEach(
          (cell, want) -> assertThat(all.get(cell).events()).as(cell).isEqualTo(want.events()));

      // One key's windows in a range: the same cells, and only those.
      Instant from = Instant.parse("2026-01-01T00:10:00Z");
      Instant to = Instant.parse("2026-01-01T00:20:00Z");
      Map<Instant, SqlOracle.Expected> k3 = tailing.expected(Duration.ofMinutes(1), "k3", from, to);
      assertThat(k3).isNotEmpty();
      assertThat(k3.keySet()).allMatch(start -> !start.isBefore(from) && start.isBefore(to));
      known.forEach(
          (cell, want) -> {
            Instant start = Instant.parse(cell.substring(cell.indexOf('@') + 1));
            if (cell.startsWith("k3@") && !start.isBefore(from) && start.isBefore(to)) {
              assertThat(k3.get(start).events()).as(cell).isEqualTo(want.events());
            }
          });
      assertThat(tailing.latestEventTime())
          .contains(
              records.stream()
                  .filter(r -> r.kind() != GeneratedRecord.Kind.MALFORMED)
                  .map(Oracle::eventTime)
                  .max(Instant::compareTo)
                  .orElseThrow());
    }
  }

  private static String event(String id, int minute) {
    return String.format(
        "{\"event_id\":\"%s\",\"event_time\":\"2026-01-01T00:%02d:00Z\",\"user_id\":\"u\","
            + "\"key\":\"k\",\"event_type\":\"view\",\"value\":1.5}",
        id, minute);
  }
}
