package io.lambdakappa.baddeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a release with a cap on {@code value} refuses, found on the oracle's side from the raw lines
 * and the data contract alone, with no pipeline code: a copy of a folder's JSON-lines files without
 * the lines whose {@code value} is a JSON number above the cap. The oracle over the copy is what
 * that release should serve.
 */
final class ValueCap {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ValueCap() {}

  /**
   * Copies every {@code *.jsonl} line of {@code folder} to {@code target/part.jsonl}, except those
   * the cap refuses; returns how many it left out. A line that is not a JSON object is copied as it
   * is: it was invalid before the cap and stays so.
   */
  static long copyWithin(Path folder, double cap, Path target) {
    long leftOut = 0;
    try {
      Files.createDirectories(target);
      try (BufferedWriter out = Files.newBufferedWriter(target.resolve("part.jsonl"));
          Stream<Path> files = Files.list(folder)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
          for (String line : Files.readAllLines(file)) {
            if (refuses(line, cap)) {
              leftOut++;
            } else {
              out.write(line);
              out.newLine();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + folder + " to " + target, e);
    }
    return leftOut;
  }

  /** {@link #copyWithin} for each folder, into a sibling folder of {@code target} per folder. */
  static List<Path> copyEachWithin(List<Path> folders, double cap, Path target) {
    return folders.stream()
        .map(
            folder -> {
              Path copy = target.resolve(folder.getFileName().toString());
              copyWithin(folder, cap, copy);
              return copy;
            })
        .toList();
  }

  static boolean refuses(String line, double cap) {
    try {
      JsonNode value = JSON.readTree(line).path("value");
      return value.isNumber() && value.doubleValue() > cap;
    } catch (IOException notJson) {
      return false;
    }
  }
}
