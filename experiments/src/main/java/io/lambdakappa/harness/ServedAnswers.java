package io.lambdakappa.harness;

import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.lambda.LambdaServing;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ViewStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Everything an architecture serves right now, as the oracle's cells ({@code key@windowStart} →
 * metrics): every key's windows over the whole valid event-time range, each key asked through the
 * architecture's own serving layer, as a user would ask it.
 */
public final class ServedAnswers {

  private ServedAnswers() {}

  /** Lambda's answer: batch ⊕ realtime, through its serving layer. */
  public static Map<String, WindowMetrics> lambda(
      ViewStore store, Workspace workspace, Set<String> keys, LogicConfig logic) {
    LambdaServing serving = new LambdaServing(store, LambdaPipeline.catalog(workspace));
    return everything(
        keys,
        logic,
        (key, range) ->
            serving.query(key, range[0], range[1]).windows().stream()
                .map(LambdaServing.Window::metrics)
                .toList());
  }

  /** Kappa's answer: the served version, through its serving layer. */
  public static Map<String, WindowMetrics> kappa(
      ViewStore store, Set<String> keys, LogicConfig logic) {
    KappaServing serving = new KappaServing(store);
    return everything(
        keys, logic, (key, range) -> serving.query(key, range[0], range[1]).windows());
  }

  /** One view of the store's streaming views, read directly (an experiment's own view). */
  public static Map<String, WindowMetrics> streamingView(
      ViewStore store, String view, long generation, Set<String> keys, LogicConfig logic) {
    return everything(
        keys,
        logic,
        (key, range) -> store.streamingRows(view, generation, key, range[0], range[1]));
  }

  /** {@code query} for every key over the logic's valid event-time range, as cells. */
  public static Map<String, WindowMetrics> everything(
      Set<String> keys,
      LogicConfig logic,
      BiFunction<String, Instant[], List<WindowMetrics>> query) {
    Instant[] range = {logic.earliestEventTime(), logic.latestEventTime()};
    Map<String, WindowMetrics> cells = new LinkedHashMap<>();
    for (String key : keys) {
      for (WindowMetrics row : query.apply(key, range)) {
        cells.put(cell(row), row);
      }
    }
    return cells;
  }

  /** A window's cell, as the oracle names it. */
  public static String cell(WindowMetrics row) {
    return row.key() + "@" + row.windowStart();
  }

  /** The keys of the oracle's cells. */
  public static Set<String> keysOf(Set<String> cells) {
    Set<String> keys = new java.util.TreeSet<>();
    cells.forEach(cell -> keys.add(cell.substring(0, cell.lastIndexOf('@'))));
    return keys;
  }
}
