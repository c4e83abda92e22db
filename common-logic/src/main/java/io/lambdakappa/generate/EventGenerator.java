package io.lambdakappa.generate;

import io.lambdakappa.generate.GeneratedRecord.Kind;
import io.lambdakappa.logic.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Makes a synthetic click-stream, deterministically: the same {@link GeneratorOptions} always give
 * the same records, byte for byte, so tests, reports and benchmarks can be reproduced anywhere.
 *
 * <p>Records arrive evenly over the event-time span. Each is, by chance and in this order of
 * precedence: malformed (one of every {@link RejectReason}, in equal shares), a duplicate of one of
 * the last {@value #DUPLICATE_WINDOW} events, or a new event. A new event's time trails its arrival
 * by up to the jitter (out of order, but on time), or, for the late fraction, by the lateness on
 * top. It is an {@link Iterator} so that the data set never has to fit in memory; sinks decide
 * where the records go.
 */
public final class EventGenerator implements Iterator<GeneratedRecord> {

  /** Duplicates repeat one of this many most recent events, as a producer's retry would. */
  static final int DUPLICATE_WINDOW = 1024;

  private static final String[] EVENT_TYPES = {"view", "view", "view", "click", "purchase"};

  /**
   * Every reason a line can show on its own. An event ahead of its arrival is left out: it takes
   * the log's clock to see it, and a generated dataset also goes to files that have none.
   */
  private static final RejectReason[] MALFORMATIONS =
      java.util.Arrays.stream(RejectReason.values())
          .filter(reason -> reason != RejectReason.EVENT_TIME_AHEAD)
          .toArray(RejectReason[]::new);

  private final GeneratorOptions options;
  private final SplittableRandom random;
  private final ZipfSampler keys;
  private final String[] recentEvents = new String[DUPLICATE_WINDOW];
  private final TruthSummary.Counter truth = new TruthSummary.Counter();
  private long emitted;
  private long eventsCreated;

  public EventGenerator(GeneratorOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
    this.keys = new ZipfSampler(options.keys(), options.keySkew());
  }

  @Override
  public boolean hasNext() {
    return emitted < options.records();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + options.records() + " records were generated");
    }
    long index = emitted++;
    Instant arrival = arrivalOf(index);
    double draw = random.nextDouble();
    GeneratedRecord record;
    if (draw < options.malformedFraction()) {
      record = malformed(index, arrival);
    } else if (draw < options.malformedFraction() + options.duplicateFraction()
        && eventsCreated > 0) {
      record = duplicate(arrival);
    } else {
      record = newEvent(index, arrival);
    }
    truth.count(record);
    return record;
  }

  /** What has been generated so far; complete once {@link #hasNext()} is false. */
  public TruthSummary truth() {
    return truth.summary(options);
  }

  private Instant arrivalOf(long index) {
    long spanMillis = options.span().toMillis();
    long offset = options.records() == 0 ? 0 : spanMillis * index / options.records();
    return options.start().plusMillis(offset);
  }

  private GeneratedRecord newEvent(long index, Instant arrival) {
    boolean late = random.nextDouble() < options.lateFraction();
    long behind = (long) (random.nextDouble() * options.jitter().toMillis());
    if (late) {
      behind += options.lateBy().toMillis();
    }
    EventFields event = randomEvent(index, arrival.minusMillis(behind));
    String json = event.toJson();
    recentEvents[(int) (eventsCreated % DUPLICATE_WINDOW)] = json;
    eventsCreated++;
    return new GeneratedRecord(json, late ? Kind.LATE_EVENT : Kind.EVENT, null, arrival);
  }

  private GeneratedRecord duplicate(Instant arrival) {
    int available = (int) Math.min(eventsCreated, DUPLICATE_WINDOW);
    String json = recentEvents[random.nextInt(available)];
    return new GeneratedRecord(json, Kind.DUPLICATE, null, arrival);
  }

  private GeneratedRecord malformed(long index, Instant arrival) {
    RejectReason reason = MALFORMATIONS[random.nextInt(MALFORMATIONS.length)];
    EventFields event = randomEvent(index, arrival);
    String json = Malformations.make(reason, event, random);
    return new GeneratedRecord(json, Kind.MALFORMED, reason, arrival);
  }

  /** A fresh event; its id is the record's position, so ids are unique and reproducible. */
  private EventFields randomEvent(long index, Instant eventTime) {
    String id = "e" + options.seed() + "-" + index;
    // Both forms the contract allows: most producers write ISO-8601, some epoch millis.
    Object time =
        random.nextInt(10) == 0 ? (Object) eventTime.toEpochMilli() : eventTime.toString();
    String user = "u" + random.nextInt(options.users());
    String key = "k" + keys.sample(random);
    String type = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
    // Amounts in cents, skewed towards small ones: cube of a uniform.
    long cents = 1 + (long) (StrictMath.pow(random.nextDouble(), 3) * 50_000);
    return new EventFields(id, time, user, key, type, BigDecimal.valueOf(cents, 2));
  }
}
