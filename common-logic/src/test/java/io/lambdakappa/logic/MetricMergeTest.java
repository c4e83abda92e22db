package io.lambdakappa.logic;

import static io.lambdakappa.logic.EventSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.RawRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The monoid law the serving layer relies on, checked property-style: for random events and a
 * random split of them into two parts, aggregating each part and merging the partials gives the
 * same metrics as aggregating everything at once. Both merges are checked: Spark's ({@link
 * MetricMerge}) and the plain Java one ({@link WindowMetrics#merge}).
 */
class MetricMergeTest {

  private final WindowAggregation metrics = new WindowAggregation(LogicConfig.defaults());
  private final EventValidation validation = new EventValidation(LogicConfig.defaults());

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void mergingPartialsOfARandomSplitEqualsAggregatingEverything(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> all = randomEvents(random, 200 + random.nextInt(300));
    List<String> left = new ArrayList<>();
    List<String> right = new ArrayList<>();
    double share = random.nextDouble();
    for (String event : all) {
      (random.nextDouble() < share ? left : right).add(event);
    }

    Map<String, WindowMetrics> whole = byWindow(aggregate(all));
    Dataset<Row> leftPartials = aggregate(left);
    Dataset<Row> rightPartials = aggregate(right);
    Map<String, WindowMetrics> mergedBySpark =
        byWindow(MetricMerge.merge(leftPartials, rightPartials));
    Map<String, WindowMetrics> mergedInJava =
        mergeInJava(byWindow(leftPartials), byWindow(rightPartials));

    assertSameMetrics(mergedBySpark, whole);
    assertSameMetrics(mergedInJava, whole);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 8})
  void mergeIsAssociative(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<WindowMetrics> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // Three partial results for the one window (every event in the same minute and key).
      List<String> events = new ArrayList<>();
      for (int j = 0; j < 50; j++) {
        events.add(
            Events.view(
                "u" + random.nextInt(80),
                "home",
                "2026-01-01T00:00:" + String.format("%02d", random.nextInt(60)) + "Z",
                random.nextInt(1000) + "." + random.nextInt(100)));
      }
      parts.add(byWindow(aggregate(events)).values().iterator().next());
    }
    WindowMetrics a = parts.get(0);
    WindowMetrics b = parts.get(1);
    WindowMetrics c = parts.get(2);

    assertSame(a.merge(b).merge(c), a.merge(b.merge(c)));
  }

  private Dataset<Row> aggregate(List<String> events) {
    return metrics.aggregate(validation.validate(RawRecords.of(events)).events());
  }

  private static List<String> randomEvents(SplittableRandom random, int n) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int second = random.nextInt(5 * 60);
      String time = String.format("2026-01-01T00:%02d:%02dZ", second / 60, second % 60);
      String value = random.nextInt(10_000) + "." + String.format("%02d", random.nextInt(100));
      events.add(Events.view("u" + random.nextInt(150), "k" + random.nextInt(4), time, value));
    }
    return events;
  }

  private static Map<String, WindowMetrics> byWindow(Dataset<Row> metricRows) {
    Map<String, WindowMetrics> result = new TreeMap<>();
    for (Row row : metricRows.collectAsList()) {
      WindowMetrics m = WindowMetrics.fromRow(row);
      result.put(m.key() + "@" + m.windowStart(), m);
    }
    return result;
  }

  private static Map<String, WindowMetrics> mergeInJava(
      Map<String, WindowMetrics> left, Map<String, WindowMetrics> right) {
    Map<String, WindowMetrics> merged = new HashMap<>(left);
    right.forEach((window, metrics) -> merged.merge(window, metrics, WindowMetrics::merge));
    return merged;
  }

  private static void assertSameMetrics(
      Map<String, WindowMetrics> actual, Map<String, WindowMetrics> expected) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((window, metrics) -> assertSame(actual.get(window), metrics));
  }

  private static void assertSame(WindowMetrics actual, WindowMetrics expected) {
    assertThat(actual.events()).isEqualTo(expected.events());
    assertThat(actual.valueSum()).isEqualByComparingTo(expected.valueSum());
    assertThat(actual.valueMin()).isEqualByComparingTo(expected.valueMin());
    assertThat(actual.valueMax()).isEqualByComparingTo(expected.valueMax());
    // An HLL union keeps the register-wise maximum: exactly the sketch of the whole.
    assertThat(actual.distinctUsers()).isEqualTo(expected.distinctUsers());
  }
}
