package io.lambdakappa.streaming;

import java.util.Optional;

/**
 * The catch-up-then-switch both architectures make, written once. One generation of a streaming
 * view is served; a pending one catches up from further back in the log beside it. Once the pending
 * generation has committed at least the offsets the served one has, one write to the store serves
 * it ({@link ServedGenerations#serve}, which readers see whole), and the old one is handed back to
 * be dropped. Lambda switches after each batch view (a speed generation from the new horizon),
 * Kappa after a reprocess (a new version from offset 0); what each does before and after is theirs.
 */
public final class GenerationSwitch {

  private final ServedGenerations store;
  private final String view;
  // Written by the thread that drives the switch, read by others (the API's status): volatile.
  private volatile StreamingViewQuery served;
  private volatile StreamingViewQuery pending;

  public GenerationSwitch(ServedGenerations store, String view) {
    this.store = store;
    this.view = view;
  }

  /** Serves {@code generation} now: the first one, which has nothing to catch up with. */
  public void serve(StreamingViewQuery generation) {
    served = generation;
    store.serve(view, generation.generation());
  }

  /** Makes {@code generation} the one catching up; returns the pending one it replaces, if any. */
  public Optional<StreamingViewQuery> pend(StreamingViewQuery generation) {
    Optional<StreamingViewQuery> replaced = Optional.ofNullable(pending);
    pending = generation;
    return replaced;
  }

  /** Whether the pending generation has committed at least what the served one has. */
  public boolean caughtUp() {
    return pending != null && served != null && pending.hasReached(served.committedOffsets());
  }

  /**
   * Serves the pending generation, which must have {@link #caughtUp()}; returns the generation it
   * replaced, for the caller to stop and drop.
   */
  public StreamingViewQuery switchToPending() {
    if (!caughtUp()) {
      throw new IllegalStateException("the pending generation of " + view + " has not caught up");
    }
    store.serve(view, pending.generation());
    StreamingViewQuery old = served;
    served = pending;
    pending = null;
    return old;
  }

  /** Forgets the pending generation (the caller drops it); returns it, if there was one. */
  public Optional<StreamingViewQuery> cancelPending() {
    return pend(null);
  }

  /** The served generation, or null before the first {@link #serve}. */
  public StreamingViewQuery served() {
    return served;
  }

  public Optional<StreamingViewQuery> pending() {
    return Optional.ofNullable(pending);
  }
}
