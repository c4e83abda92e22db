package io.lambdakappa.batch;

import java.util.List;
import java.util.Set;

/**
 * Publishes batch views atomically and keeps the last few. Publishing is the rename of a complete
 * manifest (see {@link BatchViewCatalog#publish}); only then can the serving layer see the view.
 */
public final class ViewPublisher {

  private final BatchViewCatalog catalog;
  private final int keep;

  /**
   * @param keep how many published versions to keep (at least 2: the served one and the next)
   */
  public ViewPublisher(BatchViewCatalog catalog, int keep) {
    if (keep < 2) {
      throw new IllegalArgumentException("keep at least 2 batch views, got " + keep);
    }
    this.catalog = catalog;
    this.keep = keep;
  }

  /**
   * Publishes the view, then removes versions beyond the last {@code keep}, except those still
   * {@code inUse} (the one being served until the speed layer of the new one has caught up).
   */
  public void publish(BatchViewManifest manifest, Set<Long> inUse) {
    catalog.publish(manifest);
    List<BatchViewManifest> published = catalog.published();
    for (int i = 0; i < published.size() - keep; i++) {
      long version = published.get(i).version();
      if (!inUse.contains(version)) {
        catalog.remove(version);
      }
    }
  }
}
