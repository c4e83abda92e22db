package io.lambdakappa.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

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

  /** Writes {@code value} to {@code file} atomically ({@link DataFiles#writeAtomically}). */
  public static void write(DataPath file, Object value) {
    try {
      DataFiles.writeAtomically(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static void write(Path file, Object value) {
    write(DataPath.of(file), value);
  }

  public static <T> T read(DataPath file, Class<T> type) {
    try {
      return JSON.readValue(DataFiles.read(file), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static <T> T read(Path file, Class<T> type) {
    return read(DataPath.of(file), type);
  }

  /**
   * Every file of {@code folder} whose name matches {@code names}, read as {@code type}, in no
   * particular order; none if the folder does not exist. For folders of manifests.
   */
  public static <T> List<T> readAll(DataPath folder, Pattern names, Class<T> type) {
    return DataFiles.list(folder).stream()
        .filter(file -> names.matcher(file.name()).matches())
        .map(file -> read(file, type))
        .toList();
  }

  /** The same mapper, for writing JSON to a stream (the HTTP API, reports). */
  public static ObjectMapper mapper() {
    return JSON;
  }
}
