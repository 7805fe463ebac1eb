package dev.kdbsql.bench;

import dev.kdbsql.sample.SampleDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Times the TAQ query suite on our driver, on DuckDB tables and on DuckDB over Parquet, one after
 * the other in one run, over the same generated rows, and checks that all three return the same
 * rows. Prints a Markdown table (see {@link Report}).
 *
 * <p>Usage: {@code TaqBenchmark <dir> [--trades 2.5m] [--quotes-per-trade 4] [--days 20]
 * [--reuse] [--warmup 3s] [--repeat 5] [--only QUERY] [--timeout 120s] [--suite taq|bi|all]}:
 * the TAQ suite ({@link TaqSuite}), the BI suite of joins, subqueries and derived tables over
 * {@code trade}, {@code quote} and {@code ref} ({@link BiSuite}), or both. Our side runs in this
 * JVM, so its peak heap is sampled per query; run with the {@code -Xmx} you want to check
 * against.
 */
public final class TaqBenchmark {
  private TaqBenchmark() {}

  /** Runs the benchmark; exits 2 on a usage mistake and 1 when any engines disagree. */
  public static void main(String[] args) throws Exception {
    BenchOptions o;
    try {
      o = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Report r = run(o);
    System.out.println();
    System.out.print(r.markdown());
    boolean agree = r.lines().stream().allMatch(l -> l.disagreement() == null);
    System.exit(agree ? 0 : 1);
  }

  /** Prepares the data for {@code o} and measures the suite (or the one query it names). */
  static Report run(BenchOptions o) throws IOException, SQLException, InterruptedException {
    SampleDatabase sample = TaqData.prepare(o);
    List<LocalDate> dates = sample.dates();
    LocalDate day = dates.get(dates.size() / 2);
    Report report = new Report();
    try (Connection ours = DriverManager.getConnection("jdbc:kdb:" + o.kdbDir());
        Connection duck = DuckDbLoader.open(o.duckFile());
        Connection parquet = DuckDbLoader.open(null);
        HeapSampler heap = new HeapSampler();
        QueryRunner runner = new QueryRunner(heap, o.warmup(), o.repeat(), o.timeout())) {
      try (Statement s = parquet.createStatement()) {
        for (String t : TaqData.TABLES) {
          s.execute(DuckDbLoader.parquetView(duck, t, o.parquetDir()));
        }
      }
      String sym = benchmarkSymbol(duck, day);
      System.out.printf(Locale.ROOT, "date %s, symbol %s, %d timed runs after %d s of warm-up,"
          + " max heap %d MB%n", day, sym, o.repeat(), o.warmup().toSeconds(), heap.max() >> 20);
      Engine[] engines = {new Engine("ours", ours, true), new Engine("duckdb", duck, false),
          new Engine("duckdb-parquet", parquet, false)};
      List<TaqQuery> queries = new java.util.ArrayList<>();
      if (!o.suite().equals("bi")) {
        queries.addAll(TaqSuite.queries(day, sym));
      }
      if (!o.suite().equals("taq")) {
        queries.addAll(BiSuite.queries(day));
      }
      for (TaqQuery q : queries) {
        if (o.only() != null && !o.only().equals(q.name())) {
          continue;
        }
        Measurement[] m = new Measurement[engines.length];
        for (int i = 0; i < engines.length; i++) {
          m[i] = runner.measure(engines[i], q);
        }
        Report.Line line = new Report.Line(q, m[0], m[1], m[2], disagreement(q, m));
        report.add(line);
        System.out.printf(Locale.ROOT, "%-20s ours %10.1f ms  duckdb %8.1f ms  parquet %8.1f ms"
            + "  %s%n", q.name(), m[0].medianMillis(), m[1].medianMillis(), m[2].medianMillis(),
            line.disagreement() == null ? "agree" : "DISAGREE: " + line.disagreement());
      }
    }
    return report;
  }

  /** The symbol ranked tenth by trades on {@code day}: busy, but not the busiest. */
  static String benchmarkSymbol(Connection duck, LocalDate day) throws SQLException {
    String sql = "SELECT sym, count(*) AS n FROM trade WHERE date = DATE '" + day + "'"
        + " GROUP BY sym ORDER BY n DESC, sym";
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      String pick = null;
      for (int rank = 0; rank < 10 && rs.next(); rank++) {
        pick = rs.getString(1);
      }
      if (pick == null) {
        throw new IllegalStateException("no trades on " + day);
      }
      return pick;
    }
  }

  /** The first difference between the results, or null (also when one engine has none). */
  private static String disagreement(TaqQuery q, Measurement[] m) {
    for (Measurement x : m) {
      if (x.rows() == null) {
        return null;
      }
    }
    if (q.anyRows()) {
      int a = m[0].rows().size();
      int b = m[1].rows().size();
      int c = m[2].rows().size();
      return a == b && b == c ? null : "row counts " + a + ", " + b + ", " + c;
    }
    String d = ResultRows.difference(m[0].rows(), m[1].rows());
    if (d != null) {
      return "ours vs duckdb: " + d;
    }
    if (q.storageOrder()) {
      int a = m[1].rows().size();
      int b = m[2].rows().size();
      return a == b ? null : "duckdb vs parquet: " + a + " rows vs " + b;
    }
    d = ResultRows.difference(m[1].rows(), m[2].rows());
    return d == null ? null : "duckdb vs parquet: " + d;
  }
}
