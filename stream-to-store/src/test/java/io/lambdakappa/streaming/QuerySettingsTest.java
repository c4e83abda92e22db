package io.lambdakappa.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.testing.SharedSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Each query's settings, chosen from what it will hold, and the session's own put back. */
class QuerySettingsTest {

  @Test
  void aQueryThatCatchesUpInStepsKeepsItsStateInTheHeap() {
    var settings = QuerySettings.of(500_000, 10_000_000);

    assertThat(settings.settings()).containsEntry(QuerySettings.PROVIDER, QuerySettings.IN_HEAP);
  }

  @Test
  void aLogTooLargeForTheHeapInOneStepGoesToRocksDb() {
    long beyond = QuerySettings.MOST_RECORDS_IN_HEAP + 1;

    assertThat(QuerySettings.of(0, beyond).settings())
        .containsEntry(QuerySettings.PROVIDER, QuerySettings.ROCKSDB);
    assertThat(QuerySettings.of(0, beyond - 1).settings())
        .containsEntry(QuerySettings.PROVIDER, QuerySettings.IN_HEAP);
    assertThat(QuerySettings.of(beyond, beyond).settings())
        .containsEntry(QuerySettings.PROVIDER, QuerySettings.ROCKSDB);
  }

  @Test
  void theSessionHasItsOwnSettingsBackOnceTheQueryStarted() throws Exception {
    SparkSession spark = SharedSpark.get();
    String before = spark.conf().get(QuerySettings.PROVIDER);
    var settings = QuerySettings.of(10, 10);

    String during = settings.startWith(spark, () -> spark.conf().get(QuerySettings.PROVIDER));

    assertThat(during).isEqualTo(QuerySettings.IN_HEAP);
    assertThat(spark.conf().get(QuerySettings.PROVIDER)).isEqualTo(before);
  }
}
