package io.lambdakappa.runtime;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.lambdakappa.logic.EventSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Records exactly as they came, nothing parsed ({@link #LOGGED}): the bytes of a Kafka record's
 * value or of a line of a file, and where and when they came from. This is what an archive keeps
 * (Lambda's master dataset, Kappa+'s archive), so any later logic, a fixed one included, can judge
 * every record again; and it is how a line of a file is read, so a file and a topic holding the
 * same text give the logic the same raw records ({@link #asRaw}).
 *
 * <p>A record from Kafka has its topic, partition, offset and log time, and no file; a line of a
 * file has its file name and line number, and no Kafka fields.
 */
public final class LoggedRecords {

  public static final String BYTES = "value";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";
  public static final String OFFSET = "offset";
  public static final String LOG_TIME = "timestamp";
  public static final String FILE = "file";
  public static final String LINE = "line";

  /** A record as it was logged: its bytes untouched, and its origin. */
  public static final StructType LOGGED =
      new StructType()
          .add(BYTES, DataTypes.BinaryType, true)
          .add(TOPIC, DataTypes.StringType, true)
          .add(PARTITION, DataTypes.IntegerType, true)
          .add(OFFSET, DataTypes.LongType, true)
          .add(LOG_TIME, DataTypes.TimestampType, true)
          .add(FILE, DataTypes.StringType, true)
          .add(LINE, DataTypes.LongType, true);

  private LoggedRecords() {}

  /** The columns of {@link #LOGGED}, in order, to write exactly those. */
  public static Column[] columns() {
    return java.util.Arrays.stream(LOGGED.fieldNames())
        .map(name -> col(name))
        .toArray(Column[]::new);
  }

  /** Rows of Spark's Kafka source (batch or streaming) as logged records. */
  public static Dataset<Row> fromKafka(Dataset<Row> kafkaRows) {
    return kafkaRows.select(
        col("value").as(BYTES),
        col("topic").as(TOPIC),
        col("partition").as(PARTITION),
        col("offset").as(OFFSET),
        col("timestamp").as(LOG_TIME),
        lit(null).cast(DataTypes.StringType).as(FILE),
        lit(null).cast(DataTypes.LongType).as(LINE));
  }

  /**
   * Every line of these files (URIs, on any file system Hadoop reaches), its bytes exactly as in
   * the file without the {@code \n} that ends it, one Spark task per file so that each line keeps
   * its number.
   */
  public static Dataset<Row> fromFiles(SparkSession spark, List<String> files) {
    JavaRDD<Row> lines =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(files, Math.max(1, files.size()))
            .flatMap(file -> readLines(file).iterator());
    return spark.createDataFrame(lines, LOGGED);
  }

  /**
   * Logged records as the logic reads them ({@link EventSchema#RAW}): the text, the source ({@code
   * topic/partition@offset} or {@code file:line}) and the arrival (the log time; none for a file).
   * The one interpretation made here is the data contract's: a file's byte-order mark is not part
   * of its first record.
   */
  public static Dataset<Row> asRaw(Dataset<Row> logged) {
    Column text = col(BYTES).cast(DataTypes.StringType);
    Column firstLineOfAFile = col(FILE).isNotNull().and(col(LINE).equalTo(1));
    return logged.select(
        when(firstLineOfAFile, regexp_replace(text, "^\uFEFF", ""))
            .otherwise(text)
            .as(EventSchema.RAW_VALUE),
        when(col(FILE).isNotNull(), concat(col(FILE), lit(":"), col(LINE).cast("string")))
            .otherwise(format_string("%s/%d@%d", col(TOPIC), col(PARTITION), col(OFFSET)))
            .as(EventSchema.SOURCE),
        col(LOG_TIME).as(EventSchema.ARRIVAL));
  }

  /** Runs on an executor: the lines of one file, read through Hadoop's FileSystem. */
  private static List<Row> readLines(String file) throws IOException {
    // From the URI, not its text: Hadoop's Path(String) would not decode "%20", "%25" or "%C3%BC",
    // and a folder with a space, a percent sign or an umlaut in its name would not be found.
    Path path = new Path(URI.create(file));
    FileSystem fs = path.getFileSystem(new Configuration());
    String name = path.getName();
    List<Row> rows = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(fs.open(path), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long number = 0;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          rows.add(RowFactory.create(line.toByteArray(), null, null, null, null, name, ++number));
          line.reset();
        } else {
          line.write(b);
        }
      }
      if (line.size() > 0) { // the last line, without a \n after it
        rows.add(RowFactory.create(line.toByteArray(), null, null, null, null, name, ++number));
      }
    }
    return rows;
  }
}
