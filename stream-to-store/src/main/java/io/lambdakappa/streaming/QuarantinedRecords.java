package io.lambdakappa.streaming;

import java.util.List;

/** The records streams refused, kept with their raw text, reason and source. */
public interface QuarantinedRecords {

  /** The newest records a streaming view refused, at most {@code limit}, newest batch first. */
  List<RejectedRecord> quarantine(String view, long generation, int limit);
}
