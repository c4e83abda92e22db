package io.lambdakappa.streaming;

/**
 * What a running stream needs of a store: somewhere to write each micro-batch, and the ledger to
 * say how far a generation got when Spark has not said yet.
 */
public interface StreamStore extends StreamingViewSink, MicroBatchLedger {}
