package io.lambdakappa.serving;

/**
 * What the architectures are judged by while they run, served on the same API as they are: the live
 * oracle. Its windows come under {@code /api/v1/{name}/metrics} in the architectures' shape, what
 * it refused under {@code /api/v1/{name}/quarantine}, and what it has read under {@code {name}} in
 * {@code /api/v1/status}, so the classroom page shows it as one more column.
 */
public interface ReferenceServing extends ArchitectureServing {

  /** What the reference has read and found so far, as JSON: the page's time range comes from it. */
  Object status();
}
