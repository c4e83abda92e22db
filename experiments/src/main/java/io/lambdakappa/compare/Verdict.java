package io.lambdakappa.compare;

import java.util.List;
import java.util.Set;

/**
 * What {@code lk compare} concludes, and its exit code: each architecture must be exact where the
 * design promises it (on the history, and after its correction), judged against the oracle. The
 * live steps may be behind (late events, work in flight) and are reported, not judged.
 *
 * @param failures the judged steps that are not exact, each with its worst windows
 */
public record Verdict(List<Failure> failures) {

  /** The timeline steps where an architecture must be exact. */
  public static final Set<String> MUST_BE_EXACT = Set.of("history", "corrected");

  /** One step of one architecture that is not exact. */
  public record Failure(Accuracy step) {
    /** A paragraph a person can act on: which step, by how much, and the worst windows. */
    public String describe() {
      StringBuilder text =
          new StringBuilder(
              String.format(
                  "%s %s is not exact: %,d of %,d windows exact, %,d events missing, %,d extra,"
                      + " %,d windows the oracle does not know",
                  step.architecture(),
                  step.label(),
                  step.exactWindows(),
                  step.windows(),
                  step.missingEvents(),
                  step.extraEvents(),
                  step.unexpectedWindows()));
      for (String window : step.worstWindows()) {
        text.append(System.lineSeparator()).append("    ").append(window);
      }
      return text.toString();
    }
  }

  /** Judges a comparison's timeline. */
  public static Verdict of(List<Accuracy> timeline) {
    return new Verdict(
        timeline.stream()
            .filter(step -> MUST_BE_EXACT.contains(step.label()) && !step.exact())
            .map(Failure::new)
            .toList());
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  /** 0 when both architectures are exact where they must be, 1 otherwise. */
  public int exitCode() {
    return passed() ? 0 : 1;
  }
}
