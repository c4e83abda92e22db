package io.lambdakappa.harness;

import java.time.Duration;

/**
 * What every experiment of the debate says when it is over: the run in one paragraph chosen by its
 * numbers, whether its checks against the oracle hold, and how long it took. Each experiment's
 * results record says more; these three are what a command and a report need of any of them.
 */
public interface ExperimentResults {

  /** The run in one paragraph, chosen by its numbers. */
  String story();

  /** Whether the run adds up: every check of the experiment against the oracle passed. */
  boolean holds();

  Duration wallTime();
}
