package io.lambdakappa.testing;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.generate.GeneratorOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated records kept in memory, so a test can publish them in slices and ask the {@link Oracle}
 * about any prefix. Slices follow one another in event time, like a live stream.
 */
public final class GeneratedData {

  private GeneratedData() {}

  /**
   * {@code count} records starting at {@code start}, one a second apart in arrival, with duplicates
   * and bad records, and {@code lateFraction} of the events ten minutes late.
   */
  public static List<GeneratedRecord> records(
      long seed, int count, Instant start, double lateFraction) {
    GeneratorOptions options =
        new GeneratorOptions(
            seed,
            count,
            20,
            300,
            1.1,
            start,
            Duration.ofSeconds(count),
            Duration.ofSeconds(5),
            lateFraction,
            Duration.ofMinutes(10),
            0.02,
            0.02);
    EventGenerator generator = new EventGenerator(options);
    List<GeneratedRecord> records = new ArrayList<>();
    generator.forEachRemaining(records::add);
    return records;
  }
}
