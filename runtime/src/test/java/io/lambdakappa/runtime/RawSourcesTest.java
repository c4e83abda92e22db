package io.lambdakappa.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a folder of JSON-lines files: any folder name the operating system accepts works. */
class RawSourcesTest {

  @TempDir Path temp;

  @Test
  void readsFilesInAFolderWithASpaceAPercentSignAndNonAsciiInItsName() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("my data 100% für dich"));
    Files.write(
        folder.resolve("part-00000.jsonl"),
        List.of(
            Events.view("alice", "home", "2026-01-01T00:00:10Z", "1"),
            Events.view("bob", "home", "2026-01-01T00:00:20Z", "2")));

    List<Row> rows =
        RawSources.jsonLinesFiles(SharedSpark.get(), folder)
            .orderBy(EventSchema.SOURCE)
            .collectAsList();

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).<String>getAs(EventSchema.SOURCE)).isEqualTo("part-00000.jsonl:1");
    assertThat(rows.get(1).<String>getAs(EventSchema.RAW_VALUE)).contains("\"bob\"");
  }
}
