package dev.kdbsql.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The local Spark session a test class shares ({@code local[2]}, bound to the loopback, no UI),
 * with Spark's Java 8 time API on so that dates, timestamps and intervals come back as
 * {@code java.time} values.
 */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String name) {
    return SparkSession.builder()
        .appName(name)
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir")
            + "/kdbsql-spark-warehouse")
        .getOrCreate();
  }
}
