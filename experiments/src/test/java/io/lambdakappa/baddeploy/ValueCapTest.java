package io.lambdakappa.baddeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle's side of the bug: exactly the lines whose value is a number above the cap go. */
class ValueCapTest {

  @TempDir Path dir;

  @Test
  void leavesOutOnlyNumbersAboveTheCap() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("slice"));
    Files.write(
        folder.resolve("a.jsonl"),
        List.of(
            "{\"event_id\":\"e1\",\"value\":250.01}",
            "{\"event_id\":\"e2\",\"value\":250}",
            "{\"event_id\":\"e3\",\"value\":\"900\"}",
            "not json at all, value 900",
            "{\"event_id\":\"e4\",\"value\":1e300}",
            "{\"event_id\":\"e5\"}"));

    long leftOut = ValueCap.copyWithin(folder, 250, dir.resolve("copy"));

    assertThat(leftOut).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("copy").resolve("part.jsonl")))
        .containsExactly(
            "{\"event_id\":\"e2\",\"value\":250}",
            "{\"event_id\":\"e3\",\"value\":\"900\"}",
            "not json at all, value 900",
            "{\"event_id\":\"e5\"}");
  }
}
