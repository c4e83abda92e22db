package io.lambdakappa.streaming;

import java.util.Optional;

/** Which generation of each streaming view readers are served: one pointer per view. */
public interface ServedGenerations {

  /** Which generation of a view is served; empty before the first switch. */
  Optional<Long> servedGeneration(String view);

  /** Atomically makes {@code generation} the served one. */
  void serve(String view, long generation);
}
