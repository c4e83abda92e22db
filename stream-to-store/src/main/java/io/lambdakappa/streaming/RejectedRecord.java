package io.lambdakappa.streaming;

/**
 * A record a stream refused, kept as the data contract says: its raw text, the reason code, a
 * message a person can act on, and where it came from ({@code topic/partition@offset}).
 */
public record RejectedRecord(String source, String reason, String message, String rawText) {}
