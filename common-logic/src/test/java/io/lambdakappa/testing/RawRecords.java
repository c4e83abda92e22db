package io.lambdakappa.testing;

import io.lambdakappa.logic.EventSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Builds raw-record datasets from JSON strings, each with a source like {@code test:3}. */
public final class RawRecords {

  private RawRecords() {}

  public static Dataset<Row> of(String... json) {
    return of(List.of(json));
  }

  /** Records that reached the log at {@code arrival}, as a Kafka source gives them. */
  public static Dataset<Row> arrivedAt(java.time.Instant arrival, String... json) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < json.length; i++) {
      rows.add(RowFactory.create(json[i], "test:" + (i + 1), java.sql.Timestamp.from(arrival)));
    }
    return SharedSpark.get().createDataFrame(rows, EventSchema.RAW);
  }

  public static Dataset<Row> of(List<String> json) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      rows.add(RowFactory.create(json.get(i), "test:" + (i + 1), null));
    }
    return SharedSpark.get().createDataFrame(rows, EventSchema.RAW);
  }
}
