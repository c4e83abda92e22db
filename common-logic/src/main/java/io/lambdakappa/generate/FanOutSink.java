package io.lambdakappa.generate;

import java.util.List;

/** Writes every record to several sinks, as one: files and a topic at once, say. */
public record FanOutSink(List<EventSink> sinks) implements EventSink {

  @Override
  public void write(String json) {
    for (EventSink sink : sinks) {
      sink.write(json);
    }
  }

  /** Closes every sink, even if one fails; the first failure is rethrown. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (EventSink sink : sinks) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
