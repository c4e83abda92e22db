package io.lambdakappa.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class KillScheduleTest {

  private static final Duration SHORTEST = Duration.ofMillis(500);
  private static final Duration LONGEST = Duration.ofSeconds(3);

  @Test
  void theSameSeedGivesTheSamePausesWithinTheBounds() {
    KillSchedule schedule = KillSchedule.of(42, 50, SHORTEST, LONGEST);

    assertThat(schedule.pauses())
        .hasSize(50)
        .isEqualTo(KillSchedule.of(42, 50, SHORTEST, LONGEST).pauses());
    assertThat(schedule.pauses())
        .allSatisfy(pause -> assertThat(pause).isBetween(SHORTEST, LONGEST));
    // Random, not one fixed moment: 50 draws from 2,501 milliseconds rarely repeat.
    assertThat(new HashSet<>(schedule.pauses())).hasSizeGreaterThan(40);
    assertThat(KillSchedule.of(43, 50, SHORTEST, LONGEST).pauses()).isNotEqualTo(schedule.pauses());
  }

  @Test
  void equalBoundsGiveThatPauseAndNoKillsGiveNone() {
    assertThat(KillSchedule.of(1, 3, LONGEST, LONGEST).pauses()).containsOnly(LONGEST);
    assertThat(KillSchedule.of(1, 0, SHORTEST, LONGEST).pauses()).isEmpty();
  }

  @Test
  void refusesBoundsTheWrongWayRoundAndNegativeCounts() {
    assertThatThrownBy(() -> KillSchedule.of(1, 3, LONGEST, SHORTEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shortest <= longest");
    assertThatThrownBy(() -> KillSchedule.of(1, -1, SHORTEST, LONGEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kills must be >= 0");
  }
}
