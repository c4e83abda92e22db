package io.lambdakappa.runtime;

import io.lambdakappa.generate.EventSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes records as JSON lines into numbered part files ({@code part-00000.jsonl}, …) of a fixed
 * number of lines, so Spark can read them in parallel, one task per file, and still say which file
 * and line a bad record came from.
 */
public final class JsonLinesFileSink implements EventSink {

  public static final long DEFAULT_LINES_PER_FILE = 250_000;

  private final Path directory;
  private final long linesPerFile;
  private BufferedWriter writer;
  private long lines;
  private int part;

  public JsonLinesFileSink(Path directory) {
    this(directory, DEFAULT_LINES_PER_FILE);
  }

  public JsonLinesFileSink(Path directory, long linesPerFile) {
    this.directory = directory;
    this.linesPerFile = linesPerFile;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  /** The name of part file {@code n}; readers list files by this pattern. */
  public static String partName(int n) {
    return String.format("part-%05d.jsonl", n);
  }

  @Override
  public void write(String json) {
    try {
      if (writer == null || lines % linesPerFile == 0) {
        nextFile();
      }
      writer.write(json);
      writer.write('\n');
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory, e);
    }
  }

  private void nextFile() throws IOException {
    if (writer != null) {
      writer.close();
    }
    Path file = directory.resolve(partName(part++));
    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close a file in " + directory, e);
    }
  }
}
