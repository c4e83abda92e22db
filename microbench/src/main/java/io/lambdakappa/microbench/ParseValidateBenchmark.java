package io.lambdakappa.microbench;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventValidation;
import io.lambdakappa.logic.LogicConfig;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hottest path of every pipeline: raw JSON records parsed and validated ({@link
 * EventValidation}), and the whole logic on top (deduplication and windowed metrics). Time per
 * operation over {@code records} records held in memory; records/s = records / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ParseValidateBenchmark {

  @Param("200000")
  long records;

  private SparkSession spark;
  private Dataset<Row> raw;
  private EventPipeline pipeline;

  @Setup
  public void setUp() {
    spark = SparkFixture.spark();
    raw = SparkFixture.rawRecords(spark, records);
    pipeline = new EventPipeline(LogicConfig.defaults());
  }

  @TearDown
  public void tearDown() {
    spark.stop();
  }

  /** Parse + validate: the typed events, the quarantine apart. */
  @Benchmark
  public void parseAndValidate() {
    SparkFixture.drain(pipeline.validate(raw).events());
  }

  /** Parse + validate + deduplicate + windowed metrics: the whole logic, as a batch. */
  @Benchmark
  public void wholeLogic() {
    SparkFixture.drain(pipeline.apply(raw).metrics());
  }
}
