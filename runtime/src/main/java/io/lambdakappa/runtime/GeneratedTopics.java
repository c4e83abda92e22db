package io.lambdakappa.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The topics lk has published synthetic events to, as this workspace remembers them (one name a
 * line in {@code kafka/generated-topics}): the only non-empty topics the live generator writes to
 * unless told otherwise.
 */
public final class GeneratedTopics {

  private GeneratedTopics() {}

  /** Whether {@code topic} is empty or holds what lk generated from this workspace. */
  public static boolean isOurs(Workspace workspace, String bootstrapServers, String topic) {
    boolean empty =
        KafkaOffsets.latest(bootstrapServers, topic).values().stream().allMatch(end -> end == 0);
    return empty || remembered(workspace).contains(topic);
  }

  public static void remember(Workspace workspace, String topic) {
    if (remembered(workspace).contains(topic)) {
      return;
    }
    Path file = file(workspace);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          topic + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static java.util.List<String> remembered(Workspace workspace) {
    Path file = file(workspace);
    try {
      return Files.exists(file)
          ? Files.readAllLines(file, StandardCharsets.UTF_8)
          : java.util.List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Path file(Workspace workspace) {
    return workspace.kafka().resolve("generated-topics");
  }
}
