package io.lambdakappa.speed;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSpec;
import io.lambdakappa.streaming.StreamingViews;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Lambda's speed layer: a Structured Streaming query over the events topic that starts at a batch
 * view's horizon and keeps the realtime view of the same generation up to date, with the shared
 * logic and its watermark. It only has to cover what the batch layer has not archived yet, so it
 * may be approximate about late data: the next recompute corrects it.
 *
 * <p>Generation {@code g} reads from the horizon of batch view {@code g}, the first offsets the
 * batch view does not hold: the two split the log at an offset, which is what makes the serving
 * merge exact (lambda-architecture's {@code LambdaServing}). Each generation has its own checkpoint
 * ({@code speed/gN}), so a restarted process resumes each generation where it stopped.
 */
public final class SpeedLayer {

  /** The view name of Lambda's realtime views in the store, one generation per batch view. */
  public static final String REALTIME_VIEW = "lambda_realtime";

  private final StreamingViews views;
  private final EventPipeline pipeline;
  private final DataPath checkpoints;
  private final Trigger trigger;

  public SpeedLayer(
      StreamingViews views, EventPipeline pipeline, DataPath checkpoints, Trigger trigger) {
    this.views = views;
    this.pipeline = pipeline;
    this.checkpoints = checkpoints;
    this.trigger = trigger;
  }

  /**
   * Starts (or resumes) generation {@code generation} from {@code horizon}, the first offsets after
   * its batch view; an empty horizon means the start of the log.
   *
   * @param seam what the batch view already counted near its horizon ({@link HorizonSeam}), or null
   *     when there is no batch view
   */
  public StreamingViewQuery start(long generation, Map<Integer, Long> horizon, HorizonSeam seam)
      throws TimeoutException {
    return views.start(
        new StreamingViewSpec(
            REALTIME_VIEW,
            generation,
            seam == null ? pipeline : pipeline.admitting(seam),
            horizon,
            checkpoints.resolve("g" + generation),
            trigger,
            0));
  }

  /**
   * Forgets a generation: its rows, its micro-batch records and its checkpoint. Its batch view is
   * superseded, so nothing will ever resume it.
   */
  public void drop(StreamingViewQuery generation) {
    views.drop(generation);
  }
}
