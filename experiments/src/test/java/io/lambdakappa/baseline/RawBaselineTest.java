package io.lambdakappa.baseline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.testing.RawRecords;
import io.lambdakappa.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's baseline does the pipeline's work, and a baseline that does less is refused. */
class RawBaselineTest {

  @TempDir Path temp;

  @Test
  void theParquetBaselineCountsWhatThePipelineCounts() {
    List<String> lines = new ArrayList<>();
    new EventGenerator(
            GeneratorOptions.defaults()
                .resized(5_000, Instant.parse("2026-11-24T10:00:00Z"), Duration.ofHours(1)))
        .forEachRemaining(record -> lines.add(record.json()));
    EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());
    Path view = temp.resolve("view");
    pipeline.apply(RawRecords.of(lines)).metrics().write().parquet(view.toString());
    // The master dataset's shape: each record's bytes as logged, malformed ones and duplicates too.
    Dataset<Row> logged =
        RawRecords.of(lines).select(col(EventSchema.RAW_VALUE).cast("binary").as("value"));

    RawBaseline baseline = new RawBaseline(SharedSpark.get(), Duration.ofMinutes(1));
    RawBaseline.Totals raw =
        baseline.aggregateParquet(logged, DataPath.of(temp.resolve("baseline")));
    RawBaseline.Totals counted = baseline.totals(view.toString());

    assertThat(counted.events()).isGreaterThan(4_000);
    assertThat(raw).isEqualTo(counted);
    raw.requireEqualTo(counted, "the Parquet baseline"); // equal work: no exception
  }

  @Test
  void aBaselineThatDropsRowsIsRefused() {
    RawBaseline.Totals pipeline = new RawBaseline.Totals(10_000, new BigDecimal("52345.5"));
    RawBaseline.Totals dropsSome = new RawBaseline.Totals(9_800, new BigDecimal("51000.1"));

    assertThatThrownBy(() -> dropsSome.requireEqualTo(pipeline, "the Kafka baseline"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the Kafka baseline counted 9,800 events")
        .hasMessageContaining("unequal work");
  }
}
