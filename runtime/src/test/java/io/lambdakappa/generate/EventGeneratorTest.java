package io.lambdakappa.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.RejectReason;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.JsonLinesFileSink;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {

  @TempDir Path temp;

  private static GeneratorOptions options(long seed, long records) {
    GeneratorOptions d = GeneratorOptions.defaults();
    return new GeneratorOptions(
        seed,
        records,
        d.keys(),
        d.users(),
        d.keySkew(),
        d.start(),
        d.span(),
        d.jitter(),
        0.02,
        d.lateBy(),
        0.03,
        0.04);
  }

  @Test
  void theSameSeedAndOptionsGiveByteIdenticalFiles() throws IOException {
    Path first = write(options(7, 30_000), "first");
    Path second = write(options(7, 30_000), "second");
    Path otherSeed = write(options(8, 30_000), "other");

    assertThat(Files.readAllBytes(first.resolve(JsonLinesFileSink.partName(0))))
        .isEqualTo(Files.readAllBytes(second.resolve(JsonLinesFileSink.partName(0))));
    assertThat(Files.readAllBytes(first.resolve(JsonLinesFileSink.partName(0))))
        .isNotEqualTo(Files.readAllBytes(otherSeed.resolve(JsonLinesFileSink.partName(0))));
  }

  @Test
  void theTruthSummaryCountsEveryRecordOnceWithTheRequestedShares() {
    EventGenerator generator = new EventGenerator(options(3, 50_000));
    while (generator.hasNext()) {
      generator.next();
    }
    TruthSummary truth = generator.truth();

    assertThat(truth.records()).isEqualTo(50_000);
    assertThat(truth.uniqueEvents() + truth.duplicates() + truth.malformedTotal())
        .isEqualTo(50_000);
    assertThat(truth.malformedTotal() / 50_000.0).isBetween(0.035, 0.045);
    assertThat(truth.duplicates() / 50_000.0).isBetween(0.025, 0.035);
    assertThat((double) truth.lateEvents() / truth.uniqueEvents()).isBetween(0.015, 0.025);
    // Every kind of bad line, in equal shares; an event ahead of its arrival needs the log's clock,
    // so a generator of lines makes none.
    truth
        .malformed()
        .forEach(
            (reason, count) ->
                assertThat(count)
                    .as(reason.name())
                    .matches(
                        n ->
                            reason == io.lambdakappa.logic.RejectReason.EVENT_TIME_AHEAD
                                ? n == 0
                                : n > 100));
  }

  /**
   * The generator and the validation agree: every record it broke is quarantined with the reason it
   * was broken for, and a batch over everything counts each unique event once.
   */
  @Test
  void theValidationQuarantinesExactlyWhatTheGeneratorBroke() {
    GeneratorOptions options = options(5, 20_000);
    Path data = temp.resolve("data");
    TruthSummary truth =
        DatasetWriter.write(
            new EventGenerator(options), new JsonLinesFileSink(data, 6_000), 0, n -> {});

    EventPipeline.Output output =
        new EventPipeline(LogicConfig.defaults())
            .apply(RawSources.jsonLinesFiles(SharedSpark.get(), data));

    Map<RejectReason, Long> quarantined = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      quarantined.put(reason, 0L);
    }
    for (Row row : output.quarantined().groupBy(EventSchema.REASON).count().collectAsList()) {
      quarantined.put(RejectReason.valueOf(row.getString(0)), row.getLong(1));
    }
    long counted = output.metrics().agg(functions.sum(EventSchema.EVENTS)).first().getLong(0);

    assertThat(quarantined).isEqualTo(truth.malformed());
    assertThat(counted).isEqualTo(truth.uniqueEvents());
  }

  @Test
  void theTruthSummaryRoundTripsThroughJson() {
    EventGenerator generator = new EventGenerator(options(9, 1_000));
    while (generator.hasNext()) {
      generator.next();
    }
    Path file = temp.resolve(DatasetWriter.TRUTH_FILE);
    DatasetWriter.writeTruth(generator.truth(), file);

    assertThat(DatasetWriter.readTruth(file)).isEqualTo(generator.truth());
  }

  private Path write(GeneratorOptions options, String name) {
    Path dir = temp.resolve(name);
    DatasetWriter.write(new EventGenerator(options), new JsonLinesFileSink(dir), 0, n -> {});
    return dir;
  }
}
