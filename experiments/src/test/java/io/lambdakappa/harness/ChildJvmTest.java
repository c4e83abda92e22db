package io.lambdakappa.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

  @Test
  void aChildInheritsWhatSparkNeedsAndHowItIsConfiguredNotTheHeapOrAgents() {
    List<String> parent =
        List.of(
            "-Xmx3g",
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-javaagent:/tmp/jacoco.jar",
            "-Dspark.sql.shuffle.partitions=4",
            "-agentlib:jdwp=transport=dt_socket",
            "-Duser.timezone=Asia/Kolkata",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

    assertThat(ChildJvm.inheritedOptions(parent))
        .containsExactly(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dspark.sql.shuffle.partitions=4",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
  }
}
