package io.lambdakappa.importer;

/**
 * A row the import could not map onto the event contract, kept with where it was and why, so that
 * nothing is lost on the way in and a person can fix the source.
 *
 * @param line the line of the input file the row starts on (1 is the first line, the header of a
 *     CSV)
 * @param reason {@code UNPARSABLE}, {@code TIME_UNREADABLE}, {@code MISSING_FIELD} or {@code
 *     BAD_VALUE}
 * @param message what is wrong, naming the column
 * @param raw the row as read: the line of a JSON-lines file, the cells of a CSV row as JSON
 */
public record ImportReject(long line, String reason, String message, String raw) {}
