package io.lambdakappa.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.streaming.StreamSource;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A log in memory, with partitions and offsets like a Kafka topic, read by Spark as a real
 * streaming source (Data Source V2). The speed layer's and Kappa's tests run on it instead of a
 * broker: a query starts from given offsets, reads at most so many records per micro-batch, runs as
 * a bounded {@code AvailableNow} query, and resumes from its checkpoint after a stop, as it does on
 * Kafka, in a fraction of the time.
 *
 * <p>Each record's source is {@code name/partition@offset} and its arrival the moment it was
 * appended (Kafka's LogAppendTime). The log lives in this JVM: it is for {@code local[*]} tests.
 */
public final class MemoryLog implements StreamSource {

  private static final Map<String, MemoryLog> LOGS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final List<List<Entry>> partitions = new ArrayList<>();

  /** One record: its text and when the log received it. */
  private record Entry(String value, Instant arrival) implements Serializable {}

  private MemoryLog(String name, int partitions) {
    this.name = name;
    for (int i = 0; i < partitions; i++) {
      this.partitions.add(new ArrayList<>());
    }
  }

  /** A new, empty log; the name must be unique in the test JVM. */
  public static MemoryLog create(String name, int partitions) {
    MemoryLog log = new MemoryLog(name, partitions);
    if (LOGS.putIfAbsent(name, log) != null) {
      throw new IllegalArgumentException("a memory log named " + name + " exists already");
    }
    return log;
  }

  /** Appends records to partition 0, as the broker receives them now. */
  public void append(List<String> values) {
    append(0, values);
  }

  public synchronized void append(int partition, List<String> values) {
    Instant now = Instant.now();
    for (String value : values) {
      partitions.get(partition).add(new Entry(value, now));
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> open(
      SparkSession spark, Map<Integer, Long> startingOffsets, long maxRecordsPerBatch) {
    return spark
        .readStream()
        .format(Provider.class.getName())
        .option("log", name)
        .option("startingOffsets", json(startingOffsets))
        .option("maxRecordsPerBatch", maxRecordsPerBatch)
        .load();
  }

  @Override
  public Map<Integer, Long> offsets(String sparkOffset) {
    try {
      return new TreeMap<>(JSON.readValue(sparkOffset, new TypeReference<Map<Integer, Long>>() {}));
    } catch (Exception e) {
      throw new IllegalArgumentException("not an offset of a memory log: " + sparkOffset, e);
    }
  }

  @Override
  public synchronized Map<Integer, Long> latest() {
    Map<Integer, Long> end = new TreeMap<>();
    for (int i = 0; i < partitions.size(); i++) {
      end.put(i, (long) partitions.get(i).size());
    }
    return end;
  }

  private synchronized List<Entry> read(int partition, long from, long to) {
    return List.copyOf(partitions.get(partition).subList((int) from, (int) to));
  }

  private static String json(Map<Integer, Long> offsets) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(offsets));
    } catch (Exception e) {
      throw new UncheckedIOException(new java.io.IOException(e));
    }
  }

  /** Per-partition offsets; Spark compares offsets by their JSON, which is sorted here. */
  private static final class LogOffset extends Offset {
    private final Map<Integer, Long> next;

    LogOffset(Map<Integer, Long> next) {
      this.next = new TreeMap<>(next);
    }

    @Override
    public String json() {
      return MemoryLog.json(next);
    }
  }

  /** The records {@code [from, to)} of one partition, carried to the executor. */
  private record Slice(String log, int partition, long from, List<Entry> entries)
      implements InputPartition {}

  /** Spark finds the source by this class's name ({@code format(...)}). */
  public static final class Provider implements TableProvider {
    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
      return EventSchema.RAW;
    }

    @Override
    public Table getTable(
        StructType schema, Transform[] partitioning, Map<String, String> properties) {
      return new LogTable();
    }
  }

  private static final class LogTable implements Table, SupportsRead {
    @Override
    public String name() {
      return "memory-log";
    }

    @Override
    public StructType schema() {
      return EventSchema.RAW;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return EnumSet.of(TableCapability.MICRO_BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      MemoryLog log = LOGS.get(options.get("log"));
      Map<Integer, Long> start = log.offsets(options.get("startingOffsets"));
      long maxRecords = options.getLong("maxRecordsPerBatch", 0);
      return () ->
          new Scan() {
            @Override
            public StructType readSchema() {
              return EventSchema.RAW;
            }

            @Override
            public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
              return new LogStream(log, start, maxRecords);
            }
          };
    }
  }

  /** The stream Spark drives: offsets, admission control, bounded runs. */
  private static final class LogStream implements MicroBatchStream, SupportsTriggerAvailableNow {
    private final MemoryLog log;
    private final Map<Integer, Long> start;
    private final long maxRecords;
    private Map<Integer, Long> availableNowEnd;

    LogStream(MemoryLog log, Map<Integer, Long> start, long maxRecords) {
      this.log = log;
      this.start = start;
      this.maxRecords = maxRecords;
    }

    @Override
    public Offset initialOffset() {
      Map<Integer, Long> initial = new TreeMap<>();
      log.latest().keySet().forEach(partition -> initial.put(partition, 0L));
      initial.putAll(start);
      return new LogOffset(initial);
    }

    @Override
    public Offset latestOffset() {
      throw new UnsupportedOperationException("admission control gives the latest offset");
    }

    @Override
    public ReadLimit getDefaultReadLimit() {
      return maxRecords > 0 ? ReadLimit.maxRows(maxRecords) : ReadLimit.allAvailable();
    }

    @Override
    public void prepareForTriggerAvailableNow() {
      availableNowEnd = log.latest();
    }

    /** From {@code from}, up to the end (or what AvailableNow fixed), at most the limit's rows. */
    @Override
    public Offset latestOffset(Offset from, ReadLimit limit) {
      Map<Integer, Long> end = availableNowEnd != null ? availableNowEnd : log.latest();
      Map<Integer, Long> next = new TreeMap<>(((LogOffset) from).next);
      long budget = limit instanceof ReadMaxRows rows ? rows.maxRows() : Long.MAX_VALUE;
      // Round robin over the partitions, one record at a time, as far as the budget goes: no
      // partition runs ahead of the others in a bounded step.
      boolean progressed = true;
      while (budget > 0 && progressed) {
        progressed = false;
        for (Map.Entry<Integer, Long> partition : end.entrySet()) {
          long at = next.getOrDefault(partition.getKey(), 0L);
          if (budget > 0 && at < partition.getValue()) {
            next.put(partition.getKey(), at + 1);
            budget--;
            progressed = true;
          }
        }
      }
      return new LogOffset(next);
    }

    @Override
    public InputPartition[] planInputPartitions(Offset start, Offset end) {
      Map<Integer, Long> from = ((LogOffset) start).next;
      List<InputPartition> slices = new ArrayList<>();
      ((LogOffset) end)
          .next.forEach(
              (partition, to) -> {
                long at = from.getOrDefault(partition, 0L);
                if (to > at) {
                  slices.add(new Slice(log.name, partition, at, log.read(partition, at, to)));
                }
              });
      return slices.toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return MemoryLog::reader;
    }

    @Override
    public Offset deserializeOffset(String json) {
      return new LogOffset(log.offsets(json));
    }

    @Override
    public void commit(Offset end) {}

    @Override
    public void stop() {}
  }

  /** Runs on an executor: the slice's records as raw rows. */
  private static PartitionReader<InternalRow> reader(InputPartition input) {
    Slice slice = (Slice) input;
    return new PartitionReader<>() {
      private int index = -1;

      @Override
      public boolean next() {
        return ++index < slice.entries().size();
      }

      @Override
      public InternalRow get() {
        Entry entry = slice.entries().get(index);
        String source = slice.log() + "/" + slice.partition() + "@" + (slice.from() + index);
        Instant arrival = entry.arrival();
        long micros = arrival.getEpochSecond() * 1_000_000 + arrival.getNano() / 1_000;
        return new GenericInternalRow(
            new Object[] {
              UTF8String.fromString(entry.value()), UTF8String.fromString(source), micros
            });
      }

      @Override
      public void close() {}
    };
  }
}
