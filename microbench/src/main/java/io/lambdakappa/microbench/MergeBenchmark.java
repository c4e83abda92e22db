package io.lambdakappa.microbench;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.MetricMerge;
import io.lambdakappa.logic.WindowMetrics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The metrics monoid: merging partial results of the same window. {@link WindowMetrics#merge} is
 * what the serving layer does per window on Lambda's batch ⊕ realtime seam (sketch union included);
 * {@link MetricMerge#merge} is the same in Spark over whole views.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class MergeBenchmark {

  private SparkSession spark;
  private Dataset<Row> partials;
  private WindowMetrics left;
  private WindowMetrics right;

  @Setup
  public void setUp() {
    spark = SparkFixture.spark();
    EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());
    // Two halves of the same data aggregated apart: every window has two partial rows to merge.
    Dataset<Row> raw = SparkFixture.rawRecords(spark, 200_000);
    Dataset<Row>[] halves = raw.randomSplit(new double[] {0.5, 0.5}, 42);
    partials = partial(pipeline, halves[0]).unionByName(partial(pipeline, halves[1])).cache();
    // The two partial rows of one window of the busiest key.
    List<WindowMetrics> rows =
        partials.where("key = 'k0'").orderBy("window_start").collectAsList().stream()
            .map(WindowMetrics::fromRow)
            .toList();
    for (int i = 1; left == null; i++) {
      if (rows.get(i).windowStart().equals(rows.get(i - 1).windowStart())) {
        left = rows.get(i - 1);
        right = rows.get(i);
      }
    }
  }

  /** One half's metric rows, materialized (the logic's observations cannot meet in a union). */
  private Dataset<Row> partial(EventPipeline pipeline, Dataset<Row> half) {
    return spark.createDataFrame(
        pipeline.apply(half).metrics().collectAsList(), EventSchema.METRICS);
  }

  @TearDown
  public void tearDown() {
    spark.stop();
  }

  /** One window merge in Java, as the serving layer does it. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public WindowMetrics mergeTwoWindows() {
    return left.merge(right);
  }

  /** Every window of two partial views merged in Spark. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void mergeViews() {
    SparkFixture.drain(MetricMerge.merge(partials));
  }
}
