package io.lambdakappa.app;

import static io.lambdakappa.app.Submissions.assertExactForBoth;
import static io.lambdakappa.app.Submissions.smallCompare;
import static io.lambdakappa.app.Submissions.submitLk;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar, submitted as a user submits it ({@link Submissions}), in local mode:
 * whatever the jar lacks, or brings twice in a version Spark does not have, fails here. ({@link
 * LocalClusterIT} submits it to a cluster of separate processes.)
 */
class SparkSubmitIT {

  @TempDir Path workdir;

  @Test
  void lkCompareSubmittedAsAnApplicationJarIsExactForBothArchitectures() throws Exception {
    String log =
        new Submissions(workdir)
            .run(
                "compare",
                Map.of(),
                Duration.ofMinutes(10),
                submitLk("local[2]", smallCompare(workdir.resolve("lk-work"))));
    assertExactForBoth(log);
    // Spark's fallback logging (no conf/log4j2.properties in this installation) is replaced by
    // lk's quiet one: no INFO line per stage or micro-batch.
    assertThat(log).doesNotContain("INFO DAGScheduler").doesNotContain("INFO MicroBatchExecution");
  }
}
