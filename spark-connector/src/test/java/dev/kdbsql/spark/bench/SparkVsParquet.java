package dev.kdbsql.spark.bench;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark through the kdb connector against Spark over the same rows written as Parquet, in one
 * session on the same machine: a one-date aggregate, a full-table aggregate, a selective filter
 * (the most traded symbol of a day over every date: aggregated, and every column of its rows) and a
 * full scan of every column, each timed after warm-up runs; the answers of the two sources are checked to be
 * equal before anything is timed. A benchmark to run by hand (README of spark-connector), not a
 * test:
 *
 * <pre>
 * mvn -B -ntp -q -pl spark-connector -am -DskipTests -DskipFuzz=true -Pspark-bench verify \
 *     -Dspark.bench.args="--trades 2m --days 10 --runs 5"
 * </pre>
 *
 * <p>The sample database (the quote table holds four rows per trade) and its Parquet copy are
 * generated once into {@code --dir} (default {@code spark-connector/target/spark-bench}) and kept
 * for later runs of the same size.
 */
public final class SparkVsParquet {
  private SparkVsParquet() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>(Map.of("--trades", "2m", "--days", "10",
        "--runs", "5", "--warmup", "2", "--dir", "target/spark-bench", "--master", "local[2]"));
    List<String> rest = new ArrayList<>();
    for (String s : args) {
      rest.addAll(Arrays.asList(s.trim().split("\\s+")));
    }
    rest.removeIf(String::isEmpty);
    for (int i = 0; i + 1 < rest.size(); i += 2) {
      if (!a.containsKey(rest.get(i))) {
        throw new IllegalArgumentException("unknown option " + rest.get(i) + "; options: "
            + a.keySet());
      }
      a.put(rest.get(i), rest.get(i + 1));
    }
    long trades = parseSize(a.get("--trades"));
    int days = Integer.parseInt(a.get("--days"));
    int runs = Integer.parseInt(a.get("--runs"));
    int warmup = Integer.parseInt(a.get("--warmup"));
    Path dir = Path.of(a.get("--dir")).toAbsolutePath().resolve(trades + "x" + days);
    Path hdb = dir.resolve("hdb");
    Path parquet = dir.resolve("parquet");

    SampleDatabase sample = SampleDatabase.of(trades, days, 1);
    if (!Files.isDirectory(hdb)) {
      SampleDatabase.Summary s = sample.writeTo(hdb);
      System.out.printf(Locale.ROOT, "wrote %,d trades and %,d quotes in %d partitions to %s%n",
          s.tradeRows(), s.quoteRows(), s.partitions(), hdb);
    }
    String day = sample.dates().get(days / 2).toString();

    SparkSession spark = SparkSession.builder().appName("SparkVsParquet")
        .master(a.get("--master"))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    try {
      Dataset<Row> kdb = spark.read().format("kdb").option("table", "quote").load(hdb.toString());
      if (!Files.isDirectory(parquet)) {
        long t0 = System.nanoTime();
        kdb.write().partitionBy("date").parquet(parquet.toString());
        System.out.printf(Locale.ROOT, "wrote Parquet (partitioned by date) in %.1f s to %s%n",
            (System.nanoTime() - t0) / 1e9, parquet);
      }
      Dataset<Row> pq = spark.read().parquet(parquet.toString());
      spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "8192");

      Map<String, Function<Dataset<Row>, Object>> queries = new LinkedHashMap<>();
      queries.put("one-date aggregate by sym (date = " + day + ")", df -> df
          .filter("date = DATE'" + day + "'")
          .groupBy("sym").agg(org.apache.spark.sql.functions.expr("count(*)"),
              org.apache.spark.sql.functions.expr("avg(ask - bid)"),
              org.apache.spark.sql.functions.expr("max(bsize + asize)"))
          .orderBy("sym").collectAsList());
      queries.put("all-dates numeric aggregate", df -> df
          .selectExpr("count(*)", "sum(bid)", "sum(ask)", "sum(bsize)", "max(asize)")
          .collectAsList());
      // A selective filter on a stored column: one symbol over every date (in the scan for the
      // connector; Parquet filters row groups by their statistics, then rows).
      String sym = kdb.filter("date = DATE'" + day + "'").groupBy("sym").count()
          .orderBy(org.apache.spark.sql.functions.desc("count"), org.apache.spark.sql.functions
              .asc("sym")).first().getString(0);
      queries.put("one symbol, all dates, aggregate by date", df -> df
          .filter("sym = '" + sym + "'")
          .groupBy("date").agg(org.apache.spark.sql.functions.expr("count(*)"),
              org.apache.spark.sql.functions.expr("avg(ask - bid)"),
              org.apache.spark.sql.functions.expr("max(bsize)"))
          .orderBy("date").collectAsList());
      queries.put("one symbol, all dates, every column (noop)", df -> {
        df.filter("sym = '" + sym + "'").write().format("noop").mode("overwrite").save();
        return null;
      });
      queries.put("full scan, every column (noop sink)", df -> {
        df.write().format("noop").mode("overwrite").save();
        return null;
      });

      System.out.printf(Locale.ROOT, "%nquote: %,d rows, %d dates; Spark %s, %s, %d warm-up + %d "
          + "timed runs each (median, min)%n", kdb.count(), days, spark.version(),
          a.get("--master"), warmup, runs);
      for (Map.Entry<String, Function<Dataset<Row>, Object>> q : queries.entrySet()) {
        Object want = q.getValue().apply(kdb);
        Object got = q.getValue().apply(pq);
        if (want != null && !same(want.toString(), got.toString())) {
          throw new AssertionError(q.getKey() + ": kdb and Parquet answers differ:\n" + want
              + "\n" + got);
        }
        double[] k = time(kdb, q.getValue(), warmup, runs);
        double[] p = time(pq, q.getValue(), warmup, runs);
        System.out.printf(Locale.ROOT, "%-48s kdb %8.1f ms (%7.1f)   parquet %8.1f ms (%7.1f)"
            + "   parquet/kdb %.2fx%n", q.getKey(), k[0], k[1], p[0], p[1], p[0] / k[0]);
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * Whether two answers' texts agree, numbers with a decimal point to 9 significant digits (the
   * two sources sum doubles in different orders).
   */
  private static boolean same(String a, String b) {
    String[] x = a.split("[\\[\\],]");
    String[] y = b.split("[\\[\\],]");
    if (x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i].contains(".") && y[i].contains(".")) {
        double u = Double.parseDouble(x[i]);
        double v = Double.parseDouble(y[i]);
        if (Math.abs(u - v) > 1e-9 * Math.max(Math.abs(u), Math.abs(v))) {
          return false;
        }
      } else if (!x[i].equals(y[i])) {
        return false;
      }
    }
    return true;
  }

  /** Median and minimum milliseconds of {@code runs} timed runs after {@code warmup} runs. */
  private static double[] time(Dataset<Row> df, Function<Dataset<Row>, Object> q, int warmup,
      int runs) {
    for (int i = 0; i < warmup; i++) {
      q.apply(df);
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      q.apply(df);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[runs / 2], ms[0]};
  }

  private static long parseSize(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    long mult = v.endsWith("k") ? 1_000 : v.endsWith("m") ? 1_000_000 : 1;
    return Long.parseLong(mult == 1 ? v : v.substring(0, v.length() - 1)) * mult;
  }
}
