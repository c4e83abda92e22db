package io.lambdakappa.exactlyonce;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * When the experiment kills its worker: after each start, a pause drawn uniformly between {@code
 * shortest} and {@code longest}, from a seeded generator, so a run can be replayed kill for kill
 * (the moments within a micro-batch still vary with the machine's speed: that is the point of
 * killing at random).
 */
record KillSchedule(List<Duration> pauses) {

  KillSchedule {
    pauses = List.copyOf(pauses);
  }

  static KillSchedule of(long seed, int kills, Duration shortest, Duration longest) {
    if (kills < 0) {
      throw new IllegalArgumentException("kills must be >= 0, got " + kills);
    }
    if (shortest.isNegative() || longest.compareTo(shortest) < 0) {
      throw new IllegalArgumentException(
          "pauses need 0 <= shortest <= longest, got " + shortest + " and " + longest);
    }
    SplittableRandom random = new SplittableRandom(seed);
    long span = longest.toMillis() - shortest.toMillis();
    return new KillSchedule(
        IntStream.range(0, kills)
            .mapToObj(kill -> shortest.plusMillis(span == 0 ? 0 : random.nextLong(span + 1)))
            .toList());
  }
}
