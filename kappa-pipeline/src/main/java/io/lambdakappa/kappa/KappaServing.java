package io.lambdakappa.kappa;

import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.serving.AnswerJson;
import io.lambdakappa.serving.ArchitectureServing;
import io.lambdakappa.serving.QuarantineAnswer;
import io.lambdakappa.serving.ViewStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Kappa's answer to a query: the rows of the served version {@code kappa_vN}, nothing merged.
 *
 * <p>A reprocess fills {@code kappa_v(N+1)} beside {@code kappa_vN}; the switch is one write of the
 * served version in the store, and every answer reads the served version and its rows in one
 * statement ({@link ViewStore#servedRows}). So a reader sees all of {@code vN} or all of {@code
 * v(N+1)}, never a mix and never the empty gap of a half-done switch.
 */
public final class KappaServing implements ArchitectureServing {

  /** The view name of Kappa's versioned views in the store. */
  public static final String VIEW = "kappa";

  /**
   * @param version the version the answer comes from; 0 when no version is served yet
   * @param freshness when that version last committed a micro-batch, or null
   */
  public record Answer(
      String key,
      Instant from,
      Instant to,
      long version,
      Instant freshness,
      List<WindowMetrics> windows) {}

  private final ViewStore store;

  public KappaServing(ViewStore store) {
    this.store = store;
  }

  /** The name of version {@code version}'s view, as the docs and the API call it. */
  public static String tableName(long version) {
    return VIEW + "_v" + version;
  }

  @Override
  public String name() {
    return "kappa";
  }

  /**
   * Kappa's answer as the API writes it: one version, so every window comes from {@code kappa_vN}.
   */
  @Override
  public AnswerJson metrics(String key, Instant from, Instant to) {
    Answer answer = query(key, from, to);
    String source = tableName(answer.version());
    return new AnswerJson(
        "kappa",
        answer.key(),
        answer.from(),
        answer.to(),
        answer.version(),
        null,
        Map.of(),
        answer.freshness(),
        answer.windows().stream().map(window -> AnswerJson.WindowJson.of(window, source)).toList());
  }

  /** What the served version refused: the newest {@code limit} records. */
  @Override
  public QuarantineAnswer quarantine(int limit) {
    long version = store.servedGeneration(VIEW).orElse(0L);
    return QuarantineAnswer.of(store, "kappa", VIEW, version, limit);
  }

  public Answer query(String key, Instant from, Instant to) {
    return store
        .servedRows(VIEW, key, from, to)
        .map(
            served ->
                new Answer(key, from, to, served.generation(), served.freshness(), served.rows()))
        .orElseGet(() -> new Answer(key, from, to, 0, null, List.of()));
  }
}
