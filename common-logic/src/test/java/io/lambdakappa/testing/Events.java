package io.lambdakappa.testing;

/**
 * Test events that read like the domain: {@code Events.view("alice", "home",
 * "2026-01-01T00:00:10Z", "1.50")}. Each call gets a fresh event id unless one is given.
 */
public final class Events {

  private static long nextId;

  private Events() {}

  public static synchronized String event(
      String user, String key, String type, String time, String value) {
    return withId("t-" + nextId++, user, key, type, time, value);
  }

  public static String view(String user, String key, String time, String value) {
    return event(user, key, "view", time, value);
  }

  public static String purchase(String user, String key, String time, String value) {
    return event(user, key, "purchase", time, value);
  }

  public static String withId(
      String id, String user, String key, String type, String time, String value) {
    return String.format(
        "{\"event_id\":\"%s\",\"event_time\":\"%s\",\"user_id\":\"%s\",\"key\":\"%s\","
            + "\"event_type\":\"%s\",\"value\":%s}",
        id, time, user, key, type, value);
  }
}
