package io.lambdakappa.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The small JSON files the project keeps beside its data (truth summaries, manifests, archived
 * ranges): snake_case keys, ISO times, and writes that are atomic. A file is written whole to a
 * temporary name and renamed into place, so a reader, or a process restarted after a crash, sees
 * the old file or the new one, never half of one. That rename is what "publish" and "commit" mean
 * in the batch layer.
 */
public final class JsonFiles {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  /** Writes {@code value} to {@code file} atomically. */
  public static void write(Path file, Object value) {
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(temporary.toFile(), value);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IllegalStateException(
          "the file system of " + file + " cannot rename atomically", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every file of {@code folder} whose name matches {@code names}, read as {@code type}, in no
   * particular order; none if the folder does not exist. For folders of manifests.
   */
  public static <T> List<T> readAll(Path folder, Pattern names, Class<T> type) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(path -> names.matcher(path.getFileName().toString()).matches())
          .map(path -> read(path, type))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /** The same mapper, for writing JSON to a stream (the HTTP API, reports). */
  public static ObjectMapper mapper() {
    return JSON;
  }
}
