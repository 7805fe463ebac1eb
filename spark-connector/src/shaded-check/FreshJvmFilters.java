// The -all jar without Calcite: run by hand in a fresh JVM with only Spark's jars on the class
// path (not compiled by the build). From the repository root, after `mvn ... -pl spark-connector
// -am package`:
//
//   mkdir -p /tmp/sparkcp && cat > /tmp/sparkcp/pom.xml <<POM
//   <project><modelVersion>4.0.0</modelVersion><groupId>tmp</groupId><artifactId>cp</artifactId>
//   <version>1</version><dependencies><dependency><groupId>org.apache.spark</groupId>
//   <artifactId>spark-sql_2.13</artifactId><version>4.2.0</version></dependency></dependencies>
//   </project>
//   POM
//   (cd /tmp/sparkcp && mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt)
//   java <the --add-opens flags of spark-connector/pom.xml's spark-bench profile> \
//       -cp "$(cat /tmp/sparkcp/cp.txt):spark-connector/target/kdbsql-spark-connector-0.1.0-SNAPSHOT-all.jar" \
//       spark-connector/src/shaded-check/FreshJvmFilters.java ../shared/kdb-fixtures
//
// It fails if Calcite is on the class path, then checks filters of every kind (in the scan, and
// left to Spark) on the TorQ starter pack's p# trade table and on every filtered type of the
// DolphinDB sample against Spark's own answer over the same rows.
import java.util.*;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;

/** The -all jar in a JVM with only Spark's jars: pushed filters of every kind give Spark's answer. */
public class FreshJvmFilters {
  static SparkSession spark;
  static int checks;

  public static void main(String[] a) throws Exception {
    try {
      Class.forName("org.apache.calcite.runtime.SqlFunctions");
      throw new AssertionError("calcite on the class path");
    } catch (ClassNotFoundException expected) {
      System.out.println("no Calcite on the class path: ok");
    }
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    String fx = a[0];
    String fsp = fx + "/DataIntellectTech__TorQ-Finance-Starter-Pack/hdb";
    String all = fx + "/dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes";
    Dataset<Row> trade = read(fsp, "trade");
    String sym = trade.select("sym").first().getString(0);
    check(trade, "sym = '" + sym + "'", true);
    check(trade, "sym in ('" + sym + "', 'IBM', 'MSFT') and price > 30", true);
    check(trade, "not (sym in ('" + sym + "', 'IBM'))", true);
    check(trade, "sym <> '" + sym + "' or size >= 500", true);
    check(trade, "price is null or not (size < 100)", true);
    check(trade, "sym is not null and date >= DATE'2015-01-01'", true);
    check(trade, "sym like 'A%'", false);
    check(trade, "sym like '%B%' or price > 10", false);
    for (String t : new String[] {"test", "splayedTable"}) {
      Dataset<Row> df = read(all, t);
      for (StructField f : df.schema().fields()) {
        String k = f.metadata().getString("kdb.type");
        if (k.length() != 1 || "bxhijefcspmdnuvt".indexOf(k.charAt(0)) < 0) {
          continue;
        }
        Row r = df.filter(functions.col(f.name()).isNotNull()).select(f.name()).first();
        Column c = functions.col(f.name());
        Column v = functions.lit(r.get(0)).cast(f.dataType());
        check(df, c.equalTo(v), true);
        if (!k.equals("s")) {
          check(df, c.leq(v).or(c.isNull()), true);
        }
        check(df, functions.not(c.isin(v)), true);
      }
    }
    Dataset<Row> flat = read(fx + "/egor7__q/tab", null);
    System.out.println("flat table columns: " + Arrays.toString(flat.columns()));
    spark.stop();
    System.out.println(checks + " checks passed");
  }

  static Dataset<Row> read(String db, String table) {
    DataFrameReader r = spark.read().format("kdb").option("timestampAs", "nanos");
    return (table == null ? r : r.option("table", table)).load(db);
  }

  static void check(Dataset<Row> df, String where, boolean pushed) {
    check(df, functions.expr(where), pushed);
  }

  static void check(Dataset<Row> df, Column where, boolean pushed) {
    Dataset<Row> got = df.filter(where);
    String plan = got.queryExecution().executedPlan().toString();
    boolean filterLeft = plan.lines().anyMatch(l -> l.matches("^[\\s:+\\-*()0-9]*Filter .*"));
    boolean flat = plan.contains(" (flat) ");
    if (pushed && filterLeft && !flat || !pushed && !filterLeft || pushed && plan.contains("pushedFilters=[]")) {
      throw new AssertionError(where + " pushed=" + pushed + ":\n" + plan);
    }
    List<Row> rows = df.collectAsList();
    long want = spark.createDataFrame(rows, df.schema()).filter(where).count();
    long n = got.count();
    List<Row> gotRows = got.collectAsList();
    if (n != want || gotRows.size() != want) {
      throw new AssertionError(where + ": " + n + " rows, Spark's own answer " + want);
    }
    checks++;
    if (checks <= 3) {
      System.out.println(plan.lines().filter(l -> l.contains("BatchScan")).findFirst().orElse(plan));
    }
    System.out.println(where + ": " + n + " rows" + (pushed ? " (in the scan)" : " (Spark)"));
  }
}
