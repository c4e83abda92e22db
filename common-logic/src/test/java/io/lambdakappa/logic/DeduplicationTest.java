package io.lambdakappa.logic;

import static io.lambdakappa.testing.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.RawRecords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicationTest {

  private final EventValidation validation = new EventValidation(LogicConfig.defaults());

  @Test
  void aRetriedPurchaseIsCountedOnce() {
    String purchase = purchase("alice", "cart", "2026-01-01T00:00:10Z", "20.00");

    Dataset<Row> events = validation.validate(RawRecords.of(purchase, purchase)).events();

    assertThat(Deduplication.dropDuplicates(events).count()).isEqualTo(1);
  }

  /**
   * What makes a copy: the same {@code event_id} and the same {@code event_time}, as the contract
   * says, and nothing else. Each record here differs from the first in exactly one thing, so a
   * deduplication on the id alone, or on the whole record, would give another count.
   */
  @Test
  void aCopyIsTheSameIdAtTheSameTimeWhateverElseItCarries() {
    String first = Events.withId("p-1", "alice", "cart", "purchase", "2026-01-01T00:00:10Z", "20");
    String retriedWithAnotherValue =
        Events.withId("p-1", "alice", "cart", "purchase", "2026-01-01T00:00:10Z", "25");
    String retriedFromAnotherUser =
        Events.withId("p-1", "bob", "cart", "purchase", "2026-01-01T00:00:10Z", "20");
    String sameIdAnotherTime =
        Events.withId("p-1", "alice", "cart", "purchase", "2026-01-01T00:00:11Z", "20");
    String anotherId =
        Events.withId("p-2", "alice", "cart", "purchase", "2026-01-01T00:00:10Z", "20");

    Dataset<Row> events =
        validation
            .validate(
                RawRecords.of(
                    first,
                    retriedWithAnotherValue,
                    retriedFromAnotherUser,
                    sameIdAnotherTime,
                    anotherId))
            .events();

    // p-1@10s once (its two retries are copies), p-1@11s and p-2@10s are events of their own.
    List<Row> kept =
        Deduplication.dropDuplicates(events).select("event_id", "event_time").collectAsList();
    assertThat(kept).hasSize(3);
    assertThat(kept.stream().map(row -> row.getString(0) + "@" + row.getTimestamp(1).toInstant()))
        .containsExactlyInAnyOrder(
            "p-1@2026-01-01T00:00:10Z", "p-1@2026-01-01T00:00:11Z", "p-2@2026-01-01T00:00:10Z");
  }

  /**
   * Property-style: however many copies of however many events, in whatever order, a batch sees
   * each event once, and the number of duplicates is what the pipeline's output lets one compute
   * ({@code valid - counted}, there being no late data in a batch).
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void aBatchKeepsExactlyOneCopyOfEveryEvent(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> records = new ArrayList<>();
    int unique = 50 + random.nextInt(100);
    for (int i = 0; i < unique; i++) {
      String event =
          purchase("u" + random.nextInt(20), "k" + random.nextInt(3), "2026-01-01T00:00:10Z", "1");
      int copies = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
      for (int c = 0; c < copies; c++) {
        records.add(event);
      }
    }
    Collections.shuffle(records, new Random(seed));

    EventPipeline.Output output =
        new EventPipeline(LogicConfig.defaults()).apply(RawRecords.of(records));
    long counted =
        output.metrics().agg(org.apache.spark.sql.functions.sum("events")).first().getLong(0);

    assertThat(counted).isEqualTo(unique);
    assertThat(records.size() - counted).as("duplicates").isEqualTo(records.size() - unique);
  }
}
