package io.lambdakappa.kappa;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.GenerationSwitch;
import io.lambdakappa.streaming.KafkaStreamSource;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSpec;
import io.lambdakappa.streaming.StreamingViewSummary;
import io.lambdakappa.streaming.StreamingViews;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The Kappa architecture: one streaming query over the whole log. There is no batch layer: the
 * history is the bounded prefix of the stream, read from offset 0 by the same query, with the same
 * logic, that then goes on live. Its output is a versioned view, {@code kappa_vN}.
 *
 * <p>Reprocessing (Kreps, 2014) is a second query, version {@code N+1}, started from offset 0
 * beside the live version {@code N}, with the new logic. When it has committed at least what {@code
 * N} has, the store switches the served version in one write, and {@code N} is stopped and dropped:
 * its rows, its checkpoint and its manifest. Until that moment {@code N} serves untouched, so an
 * aborted reprocess costs nothing but the work it did.
 *
 * <p>Every version has its own checkpoint ({@code kappa/vN}), so a restarted process resumes the
 * served version where it stopped, with the logic recorded in its manifest.
 */
public final class KappaPipeline implements AutoCloseable {

  /** A finished reprocess: what the replay took, and what the two versions cost side by side. */
  public record Reprocess(
      long fromVersion,
      long toVersion,
      long recordsReplayed,
      Duration replayTime,
      double eventsPerSecond,
      long extraViewRows,
      long extraViewBytes,
      long extraCheckpointBytes) {}

  /**
   * The records a micro-batch reads while catching up, by default: 10M events replayed in one step
   * ran out of a 4 GB heap (docs/kappa.md); in steps of 500k they replay in about 4.9 GB of RSS.
   */
  public static final long DEFAULT_MAX_RECORDS_PER_BATCH = 500_000;

  private final StreamingViews views;
  private final ViewStore store;
  private final KappaVersions versions;
  private final DataPath checkpoints;
  private final Trigger trigger;
  private final long maxRecordsPerBatch;
  private final GenerationSwitch generations;
  private Instant pendingStartedAt;

  /**
   * @param trigger ProcessingTime(0) to go on live after the history; AvailableNow to process what
   *     the topic holds now and stop (Kappa's answer to a batch job)
   * @param maxRecordsPerBatch the most records a micro-batch reads while catching up, 0 for none
   */
  public KappaPipeline(
      StreamingViews views,
      ViewStore store,
      KappaVersions versions,
      DataPath checkpoints,
      Trigger trigger,
      long maxRecordsPerBatch) {
    this.views = views;
    this.store = store;
    this.generations = new GenerationSwitch(store, KappaServing.VIEW);
    this.versions = versions;
    this.checkpoints = checkpoints;
    this.trigger = trigger;
    this.maxRecordsPerBatch = maxRecordsPerBatch;
  }

  /**
   * Kappa in a workspace: version manifests under {@code views/kappa}, checkpoints under {@code
   * checkpoints/kappa}, views in {@code store}.
   */
  public static KappaPipeline of(
      SparkSession spark,
      ViewStore store,
      Workspace workspace,
      String bootstrapServers,
      String topic,
      Trigger trigger,
      long maxRecordsPerBatch) {
    return new KappaPipeline(
        new StreamingViews(spark, new KafkaStreamSource(bootstrapServers, topic), store),
        store,
        versions(workspace),
        workspace.kappaCheckpoints(),
        trigger,
        maxRecordsPerBatch);
  }

  /** The version manifests of a workspace. */
  public static KappaVersions versions(Workspace workspace) {
    return new KappaVersions(workspace.kappaVersions());
  }

  /**
   * Starts (or resumes) the served version; on a fresh workspace, creates version 1 with {@code
   * firstLogic} and serves it at once: Kappa's view fills up as the history replays. Versions left
   * by an interrupted reprocess are dropped first.
   */
  public StreamingViewQuery start(LogicConfig firstLogic) throws TimeoutException {
    Optional<KappaVersion> current =
        store.servedGeneration(KappaServing.VIEW).flatMap(versions::version);
    KappaVersion version = current.orElseGet(() -> versions.create(firstLogic));
    for (KappaVersion other : versions.all()) {
      if (other.version() != version.version()) {
        forget(other.version()); // a reprocess that never switched, or an old version not dropped
      }
    }
    generations.serve(views.start(spec(version)));
    return generations.served();
  }

  /** Starts version {@code N+1} from offset 0 with {@code logic}, beside the served version. */
  public StreamingViewQuery reprocess(LogicConfig logic) throws TimeoutException {
    if (generations.served() == null) {
      throw new IllegalStateException("start the served version before reprocessing");
    }
    if (generations.pending().isPresent()) {
      throw new IllegalStateException(
          "version " + generations.pending().get().generation() + " is already replaying");
    }
    KappaVersion next = versions.create(logic);
    pendingStartedAt = Instant.now();
    StreamingViewQuery replay = views.start(spec(next));
    generations.pend(replay);
    return replay;
  }

  /**
   * Switches serving to the reprocessed version once it has committed at least the offsets the
   * served one has, then stops and drops the old version. Returns what the reprocess measured.
   */
  public Optional<Reprocess> switchIfCaughtUp() {
    if (!generations.caughtUp()) {
      return Optional.empty();
    }
    StreamingViewQuery pending = generations.pending().orElseThrow();
    StreamingViewSummary replay =
        StreamingViewSummary.of(store, KappaServing.VIEW, pending.generation());
    Instant caughtUp = replay.lastCommit() == null ? Instant.now() : replay.lastCommit();
    Duration replayTime = Duration.between(pendingStartedAt, caughtUp);
    // The records it read, from its own micro-batch records: not the sum of its end offsets, which
    // counts records retention deleted before the replay began.
    long records = replay.inputRows();
    // Measured while both versions exist: this is what a reprocess costs on top of the live view.
    ViewStore.ViewSize size = store.size(KappaServing.VIEW, pending.generation());
    long checkpointBytes = DataFiles.size(checkpoint(pending.generation()));
    StreamingViewQuery old = generations.switchToPending();
    forget(old);
    return Optional.of(
        new Reprocess(
            old.generation(),
            pending.generation(),
            records,
            replayTime,
            records / Math.max(0.001, replayTime.toMillis() / 1000.0),
            size.rows(),
            size.bytes(),
            checkpointBytes));
  }

  /** Stops a reprocess that has not switched and drops what it wrote; the served version stays. */
  public void abortReprocess() {
    generations.cancelPending().ifPresent(this::forget);
  }

  public StreamingViewQuery served() {
    return generations.served();
  }

  public Optional<StreamingViewQuery> pending() {
    return generations.pending();
  }

  /** The logic of a version, from its manifest. */
  public LogicConfig logicOf(long version) {
    return versions
        .version(version)
        .map(KappaVersion::logic)
        .orElseThrow(() -> new IllegalStateException("no manifest for kappa version " + version));
  }

  /** Records in the log that {@code query} has not committed yet. */
  public long lag(StreamingViewQuery query) {
    return query.lag(views.source().latest());
  }

  private StreamingViewSpec spec(KappaVersion version) {
    return new StreamingViewSpec(
        KappaServing.VIEW,
        version.version(),
        new EventPipeline(version.logic()),
        Map.of(), // every version reads the log from the start
        checkpoint(version.version()),
        trigger,
        maxRecordsPerBatch);
  }

  private DataPath checkpoint(long version) {
    return checkpoints.resolve("v" + version);
  }

  private void forget(StreamingViewQuery query) {
    if (query.isActive()) {
      query.stop();
    }
    forget(query.generation());
  }

  /** Drops a version: its rows and batch records, its checkpoint, its manifest. */
  private void forget(long version) {
    store.dropGeneration(KappaServing.VIEW, version);
    DataFiles.deleteRecursively(checkpoint(version));
    versions.remove(version);
  }

  @Override
  public void close() {
    for (StreamingViewQuery query :
        new StreamingViewQuery[] {generations.pending().orElse(null), generations.served()}) {
      if (query != null && query.isActive()) {
        query.stop();
      }
    }
  }
}
