package io.lambdakappa.microbench;

import io.lambdakappa.engine.SparkSessions;
import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.logic.EventSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** A local Spark session and generated raw records held in memory, shared by the Spark benches. */
final class SparkFixture {

  private SparkFixture() {}

  static SparkSession spark() {
    return SparkSessions.create("lk-microbench", null);
  }

  /**
   * {@code records} raw records of the default generated data (seeded, with its late, duplicate and
   * malformed records), as a cached dataset of {@link EventSchema#RAW}: the benchmark then measures
   * the logic, not the reading.
   */
  static Dataset<Row> rawRecords(SparkSession spark, long records) {
    GeneratorOptions shape = GeneratorOptions.defaults();
    EventGenerator generator =
        new EventGenerator(shape.resized(records, shape.start(), Duration.ofHours(1)));
    List<Row> rows = new ArrayList<>();
    long line = 0;
    while (generator.hasNext()) {
      rows.add(RowFactory.create(generator.next().json(), "microbench:" + line++, null));
    }
    Dataset<Row> raw = spark.createDataFrame(rows, EventSchema.RAW).cache();
    raw.count();
    return raw;
  }

  /** Runs a dataset to the end without writing anything: Spark's no-op sink. */
  static void drain(Dataset<Row> dataset) {
    dataset.write().format("noop").mode("overwrite").save();
  }
}
