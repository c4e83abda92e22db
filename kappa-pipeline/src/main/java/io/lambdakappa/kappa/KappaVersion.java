package io.lambdakappa.kappa;

import io.lambdakappa.logic.LogicConfig;
import java.time.Instant;

/**
 * One version of Kappa's view, {@code kappa_vN}: the logic it was computed with. A version never
 * changes its logic: a change of window or watermark is a new version, replayed from offset 0.
 */
public record KappaVersion(long version, LogicConfig logic, Instant createdAt) {}
