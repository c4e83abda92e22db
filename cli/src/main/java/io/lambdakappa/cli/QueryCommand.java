package io.lambdakappa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.lambda.LambdaServing;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.AnswerJson;
import io.lambdakappa.serving.ArchitectureServing;
import io.lambdakappa.serving.QuarantineAnswer;
import io.lambdakappa.serving.QueryParameters;
import io.lambdakappa.serving.ViewStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lk query}: the metrics of a key over a time range, as a table or JSON. When a running
 * {@code lk lambda run} holds the view store, the query goes through its API; otherwise it opens
 * the store itself.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Prints the metrics of one key per window, with where each number came from.")
final class QueryCommand implements Callable<Integer> {

  enum Architecture {
    lambda,
    kappa
  }

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin StoreOption storeOption;

  @Option(names = "--key", paramLabel = "KEY", description = "The key, e.g. k0.")
  String key;

  @Option(
      names = "--from",
      paramLabel = "ISO_TIME",
      description = "Start of the range, e.g. 2026-01-01T00:00:00Z.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "ISO_TIME",
      description = "End of the range (exclusive), e.g. 2026-01-01T01:00:00Z.")
  String to;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      defaultValue = "lambda",
      description =
          "Which architecture's views: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Architecture architecture;

  @Option(names = "--json", description = "Print the answer as JSON.")
  boolean json;

  @Option(
      names = "--quarantine",
      description =
          "Instead of metrics: the records the served streaming view refused, newest first, with "
              + "their reason, message, source (topic/partition@offset) and raw text.")
  boolean quarantine;

  int limit;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "With --quarantine: how many records (default: ${DEFAULT-VALUE}).")
  void setLimit(int value) {
    limit = Ranges.check(spec, "--limit", value, 1, QuarantineAnswer.MAX_LIMIT);
  }

  @Override
  public Integer call() throws Exception {
    if (quarantine) {
      return showQuarantine();
    }
    if (key == null || from == null || to == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--key, --from and --to are required for metrics (or ask for --quarantine)");
    }
    QueryParameters query;
    try {
      query = QueryParameters.parse(key, from, to);
    } catch (QueryParameters.BadParameter e) {
      throw new ParameterException(
          spec.commandLine(), "--" + e.parameter() + ": " + e.getMessage());
    }
    Workspace workspace = workspaceOption.workspace();
    JsonNode answer =
        throughApi(workspace, architecture, query).orElseGet(() -> fromStore(workspace, query));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonFiles.mapper().writeValueAsString(answer));
    } else {
      printTable(answer, out);
    }
    return 0;
  }

  /** {@code --quarantine}: what the served generation refused, from the store or the API. */
  private int showQuarantine() throws Exception {
    Workspace workspace = workspaceOption.workspace();
    JsonNode answer =
        get(workspace, "/api/v1/" + architecture + "/quarantine?limit=" + limit)
            .orElseGet(() -> quarantineFromStore(workspace));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonFiles.mapper().writeValueAsString(answer));
      return 0;
    }
    out.printf(
        "%s  generation %d: the newest %d records refused%n",
        answer.path("architecture").asText(),
        answer.path("generation").asLong(),
        answer.path("records").size());
    for (JsonNode record : answer.path("records")) {
      out.printf(
          "%-28s %-16s %s%n    %s%n",
          record.path("source").asText(),
          record.path("reason").asText(),
          record.path("message").asText(),
          record.path("raw_text").asText());
    }
    if (answer.path("records").isEmpty()) {
      out.println("(none: every record the served generation read was valid)");
    }
    return 0;
  }

  private JsonNode quarantineFromStore(Workspace workspace) {
    try (ViewStore store = storeOption.location.open(workspace)) {
      return JsonFiles.mapper()
          .valueToTree(servingOf(architecture, store, workspace).quarantine(limit));
    }
  }

  /** The answer from a running process's API, if one is up. */
  private Optional<JsonNode> throughApi(
      Workspace workspace, Architecture architecture, QueryParameters query) {
    return get(
        workspace,
        "/api/v1/"
            + architecture
            + "/metrics?key="
            + URLEncoder.encode(query.key(), StandardCharsets.UTF_8)
            + "&from="
            + query.from()
            + "&to="
            + query.to());
  }

  /**
   * GET {@code path} from a running process's API, if one is up. Only the embedded store needs it:
   * that process holds the store's one connection. A shared store is read directly.
   */
  private Optional<JsonNode> get(Workspace workspace, String path) {
    Optional<String> address = workspace.apiAddress();
    if (address.isEmpty() || !storeOption.location.isEmbedded()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(address.get() + path))
                      .timeout(Duration.ofSeconds(10))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode body = JsonFiles.mapper().readTree(response.body());
      if (response.statusCode() == 404) {
        // Each lk process serves its own architecture; the store is held by the other one's.
        throw new IllegalStateException(
            "the lk process that holds this workdir's store ("
                + address.get()
                + ") does not serve "
                + path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'))
                + ": stop it to read the store, or ask for the architecture it runs (--arch)");
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "the API answered " + response.statusCode() + ": " + body.path("error").asText());
      }
      return Optional.of(body);
    } catch (IOException e) {
      return Optional.empty(); // an address left by a process that is gone: read the store
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private JsonNode fromStore(Workspace workspace, QueryParameters query) {
    try (ViewStore store = storeOption.location.open(workspace)) {
      AnswerJson answer =
          servingOf(architecture, store, workspace).metrics(query.key(), query.from(), query.to());
      return JsonFiles.mapper().valueToTree(answer);
    }
  }

  /** How an architecture answers from the store. */
  private static ArchitectureServing servingOf(
      Architecture architecture, ViewStore store, Workspace workspace) {
    return switch (architecture) {
      case lambda -> new LambdaServing(store, LambdaPipeline.catalog(workspace));
      case kappa -> new KappaServing(store);
    };
  }

  private static void printTable(JsonNode answer, PrintWriter out) {
    String provenance =
        "kappa".equals(answer.path("architecture").asText())
            ? String.format("version kappa_v%d", answer.path("generation").asLong())
            : String.format(
                "generation %d, batch view %s, horizon %s",
                answer.path("generation").asLong(),
                answer.path("batch_version").isNull()
                    ? "none"
                    : "v" + answer.path("batch_version").asLong(),
                answer.path("horizon"));
    out.printf(
        "%s  key %s  [%s, %s)  %s, fresh as of %s%n",
        answer.path("architecture").asText(),
        answer.path("key").asText(),
        answer.path("from").asText(),
        answer.path("to").asText(),
        provenance,
        answer.path("freshness").isNull() ? "-" : answer.path("freshness").asText());
    out.printf(
        "%-22s %8s %14s %9s %9s %7s  %s%n",
        "window_start", "events", "sum", "min", "max", "users", "from");
    for (JsonNode window : answer.path("windows")) {
      out.printf(
          "%-22s %,8d %,14.2f %9.2f %9.2f %,7d  %s%n",
          window.path("window_start").asText(),
          window.path("events").asLong(),
          window.path("value_sum").decimalValue(),
          window.path("value_min").decimalValue(),
          window.path("value_max").decimalValue(),
          window.path("distinct_users").asLong(),
          window.path("source").asText());
    }
    if (answer.path("windows").isEmpty()) {
      out.println("(no windows: no events for this key in the range yet)");
    }
  }
}
