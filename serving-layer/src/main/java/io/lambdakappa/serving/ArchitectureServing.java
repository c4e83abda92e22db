package io.lambdakappa.serving;

import java.time.Instant;

/**
 * One architecture's answers, as the HTTP API serves them under {@code /api/v1/{name}/...}. Lambda
 * answers with its merge of batch and realtime views, Kappa with its served version; the API only
 * routes, parses and encodes.
 */
public interface ArchitectureServing {

  /** The architecture's name in the API's paths: {@code lambda} or {@code kappa}. */
  String name();

  /** The windows of {@code key} starting within {@code [from, to)}, with their provenance. */
  AnswerJson metrics(String key, Instant from, Instant to);

  /** What the served generation refused: the newest {@code limit} records. */
  QuarantineAnswer quarantine(int limit);
}
