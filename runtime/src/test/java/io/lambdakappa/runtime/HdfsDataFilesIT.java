package io.lambdakappa.runtime;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The project's file operations on HDFS: a NameNode and a DataNode in this JVM ({@code
 * MiniDFSCluster}, from Hadoop's shaded minicluster jar), reached through {@code hdfs://} URIs as
 * any client reaches a real cluster.
 */
class HdfsDataFilesIT extends DataFilesContract {

  private static MiniDFSCluster hdfs;
  private static int folders;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(
        MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
        java.nio.file.Files.createTempDirectory("lk-hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(configuration).numDataNodes(1).build();
    hdfs.waitActive();
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown(true);
    }
  }

  @Override
  DataPath folder() {
    return new DataPath(
        URI.create("hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/test-" + ++folders));
  }
}
