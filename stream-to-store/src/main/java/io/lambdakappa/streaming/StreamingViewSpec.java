package io.lambdakappa.streaming;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.DataPath;
import java.util.Map;
import org.apache.spark.sql.streaming.Trigger;

/**
 * What one streaming query should do: fill generation {@code generation} of streaming view {@code
 * view} from {@code startingOffsets} of the topic on, with {@code pipeline}.
 *
 * @param startingOffsets where the query starts, per partition; empty for the start of the log. A
 *     query resumed from its checkpoint ignores it and goes on where it stopped.
 * @param checkpoint the query's own checkpoint folder
 * @param trigger when micro-batches run: at once after each other (live), or AvailableNow (a
 *     bounded run over what the topic holds now)
 * @param maxRecordsPerBatch the most records one micro-batch reads, 0 for no limit
 */
public record StreamingViewSpec(
    String view,
    long generation,
    EventPipeline pipeline,
    Map<Integer, Long> startingOffsets,
    DataPath checkpoint,
    Trigger trigger,
    long maxRecordsPerBatch) {}
