package io.lambdakappa.logic;

import static io.lambdakappa.testing.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;

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
