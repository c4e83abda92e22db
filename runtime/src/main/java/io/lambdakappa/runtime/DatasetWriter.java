package io.lambdakappa.runtime;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.EventSink;
import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.generate.TruthSummary;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Drives a generator into sinks: optionally paced at a rate, to imitate a live stream, and
 * reporting progress as it goes. This is the I/O edge of the generator, which itself only makes
 * records.
 */
public final class DatasetWriter {

  /** The file beside the data that says what the generator made. */
  public static final String TRUTH_FILE = "truth.json";

  private DatasetWriter() {}

  /**
   * Writes every record of {@code generator} to the sink, then closes it.
   *
   * @param ratePerSecond records per second, or 0 to write as fast as possible
   * @param progress told the number of records written so far, every 10,000 records and at the end
   */
  public static TruthSummary write(
      EventGenerator generator, EventSink sink, double ratePerSecond, LongConsumer progress) {
    RatePacer pacer = new RatePacer(ratePerSecond);
    long written = 0;
    boolean interrupted;
    try (sink) {
      // An interrupt (Ctrl-C of a live run) ends the stream early; what was sent stays sent.
      while (generator.hasNext() && !Thread.currentThread().isInterrupted()) {
        GeneratedRecord record = generator.next();
        pacer.awaitSlot(written);
        sink.write(record.json());
        written++;
        if (written % 10_000 == 0) {
          progress.accept(written);
        }
      }
      // Closing the sink flushes what was sent, and a flush will not wait on an interrupted
      // thread: clear the interrupt for the close, and restore it after.
      interrupted = Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    progress.accept(written);
    return generator.truth();
  }

  /** Writes the truth summary as JSON to {@code file}. */
  public static void writeTruth(TruthSummary truth, Path file) {
    JsonFiles.write(file, truth);
  }

  /** Reads a truth summary written by {@link #writeTruth}. */
  public static TruthSummary readTruth(Path file) {
    return JsonFiles.read(file, TruthSummary.class);
  }
}
