package io.lambdakappa.testing;

import io.lambdakappa.logic.EventSchema;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import scala.jdk.javaapi.CollectionConverters;

/** An in-memory stream of JSON records, for timeline tests of the streaming logic. */
public final class Streams {

  private final MemoryStream<String> input =
      MemoryStream.apply(SharedSpark.get(), Encoders.STRING());

  /**
   * The stream as raw records ({@link EventSchema#RAW}); each arrives when the micro-batch that
   * reads it runs, as a record reaches a log at the broker's clock.
   */
  public Dataset<Row> raw() {
    return input
        .toDF()
        .selectExpr(
            "value AS " + EventSchema.RAW_VALUE,
            "'memory' AS " + EventSchema.SOURCE,
            "current_timestamp() AS " + EventSchema.ARRIVAL);
  }

  public void add(String... json) {
    input.addData(CollectionConverters.asScala(List.of(json)).toSeq());
  }
}
