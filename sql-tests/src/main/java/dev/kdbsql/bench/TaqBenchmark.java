package dev.kdbsql.bench;

import dev.kdbsql.sample.SampleDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times the TAQ query suite on our driver, on DuckDB tables and on DuckDB over Parquet, one after
 * the other in one run, over the same generated rows, and checks that all three return the same
 * rows. Prints a Markdown table (see {@link Report}).
 *
 * <p>Usage: {@code TaqBenchmark <dir> [--trades 2.5m] [--quotes-per-trade 4] [--days 20]
 * [--reuse] [--warmup 3s] [--repeat 5] [--only QUERY[,QUERY...]] [--timeout 120s]
 * [--attributes both|parted|none] [--spelling both|std|kdb] [--check-unpushed]
 * [--suite taq|bi|all]}: the TAQ suite ({@link TaqSuite}), the BI suite of joins, subqueries and
 * derived tables over {@code trade}, {@code quote} and {@code ref} ({@link BiSuite}), or both.
 * Our side runs in this JVM, over the database with {@code p#} on sym ({@code ours}) and the
 * same rows without attributes ({@code ours-noattr}), so its peak heap is sampled per query; run
 * with the {@code -Xmx} you want to check against.
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
    // The subjects come from a DuckDB connection closed before the timed ones open: its queries
    // would otherwise leave the symbol columns in DuckDB's buffer pool for its first runs.
    TaqSuite.Subjects subjects;
    try (Connection duck = DuckDbLoader.open(o.duckFile())) {
      subjects = new TaqSuite.Subjects(day, benchmarkSymbol(duck, day), rareSymbol(duck),
          fiftySymbols(duck));
    }
    long t0 = System.nanoTime();
    List<Path> files = new ArrayList<>(List.of(o.duckFile(), o.parquetDir()));
    if (o.parted()) {
      files.add(o.kdbDir());
    }
    if (o.plain()) {
      files.add(o.plainDir());
    }
    long cached = PageCache.warm(files);
    System.out.printf(Locale.ROOT, "read every engine's files once (%,d MB in %.1f s), so first"
        + " runs start with all of them in the page cache%n", cached >> 20,
        (System.nanoTime() - t0) / 1e9);
    List<Connection> open = new ArrayList<>();
    try (HeapSampler heap = new HeapSampler();
        QueryRunner runner = new QueryRunner(heap, o.warmup(), o.repeat(), o.timeout())) {
      List<Engine> engines = new ArrayList<>();
      if (o.parted()) {
        engines.add(new Engine("ours", connect("jdbc:kdb:" + o.kdbDir(), open), true));
      }
      if (o.plain()) {
        engines.add(new Engine("ours-noattr", connect("jdbc:kdb:" + o.plainDir(), open), true));
      }
      Connection duck = DuckDbLoader.open(o.duckFile());
      open.add(duck);
      Connection parquet = DuckDbLoader.open(null);
      open.add(parquet);
      engines.add(new Engine("duckdb", duck, false));
      engines.add(new Engine("duckdb-parquet", parquet, false));
      Engine unpushed = !o.checkUnpushed() ? null : new Engine("unpushed", connect("jdbc:kdb:"
          + (o.plain() ? o.plainDir() : o.kdbDir()) + ";pushdown=false", open), true);
      try (Statement s = parquet.createStatement()) {
        for (String t : TaqData.TABLES) {
          s.execute(DuckDbLoader.parquetView(duck, t, o.parquetDir()));
        }
      }
      System.out.printf(Locale.ROOT, "date %s, symbol %s, rare symbol %s, 50 symbols from %s"
          + " to %s; %d timed runs after %d s of warm-up, max heap %d MB%n", day,
          subjects.sym(), subjects.rare(), subjects.fifty().get(0),
          subjects.fifty().get(subjects.fifty().size() - 1), o.repeat(),
          o.warmup().toSeconds(), heap.max() >> 20);
      Report report = new Report(engines);
      List<TaqQuery> queries = new ArrayList<>();
      if (!o.suite().equals("bi")) {
        queries.addAll(TaqSuite.queries(subjects));
      }
      if (!o.suite().equals("taq")) {
        queries.addAll(BiSuite.queries(day, subjects.sym()));
      }
      for (TaqQuery q : queries) {
        if (o.only() != null && !List.of(o.only().split(",")).contains(q.name())
            || !o.runs(q.spelling())) {
          continue;
        }
        List<Measurement> m = new ArrayList<>();
        StringBuilder times = new StringBuilder();
        for (Engine e : engines) {
          Measurement x = runner.measure(e, q);
          m.add(x);
          times.append(String.format(Locale.ROOT, "  %s %.1f ms", e.name(), x.medianMillis()));
        }
        String disagreement = disagreement(q, engines, m);
        if (disagreement == null && unpushed != null) {
          Measurement u = runner.once(unpushed, q);
          disagreement = u.failure() != null ? null
              : difference("ours vs pushdown=false", m.get(0), u);
          times.append(u.failure() != null ? "  pushdown=false: " + u.failure()
              : "  pushdown=false checked");
        }
        report.add(new Report.Line(q, m, disagreement));
        System.out.printf(Locale.ROOT, "%-28s%s  %s%n", q.label(), times,
            disagreement == null ? "agree" : "DISAGREE: " + disagreement);
      }
      return report;
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
  }

  private static Connection connect(String url, List<Connection> open) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    open.add(c);
    return c;
  }

  /** The symbol ranked 4000th of 5000 by quotes over all dates (about 1 in 70,000 quotes). */
  static String rareSymbol(Connection duck) throws SQLException {
    String sql = "SELECT sym, count(*) AS n FROM quote GROUP BY sym ORDER BY n DESC, sym";
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> syms = new ArrayList<>();
      while (rs.next()) {
        syms.add(rs.getString(1));
      }
      return syms.get(syms.size() * 4 / 5);
    }
  }

  /** 50 symbols spread over the universe in name order: frequent and rare ones. */
  static List<String> fiftySymbols(Connection duck) throws SQLException {
    String sql = "SELECT DISTINCT sym FROM trade ORDER BY sym";
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> syms = new ArrayList<>();
      while (rs.next()) {
        syms.add(rs.getString(1));
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        out.add(syms.get((int) ((long) i * syms.size() / 50)));
      }
      return List.copyOf(new java.util.LinkedHashSet<>(out));
    }
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

  /**
   * The first difference between the results (every engine against the first, DuckDB's table
   * against Parquet), or null (also when an engine has none).
   */
  private static String disagreement(TaqQuery q, List<Engine> engines, List<Measurement> m) {
    for (Measurement x : m) {
      if (x.rows() == null) {
        return null;
      }
    }
    if (q.anyRows()) {
      for (Measurement x : m) {
        if (x.rows().size() != m.get(0).rows().size()) {
          return "row counts differ: " + m.stream().map(y -> String.valueOf(y.rows().size()))
              .collect(java.util.stream.Collectors.joining(", "));
        }
      }
      return null;
    }
    int parquet = engines.size() - 1;
    for (int i = 1; i < parquet; i++) {
      String d = difference(engines.get(0).name() + " vs " + engines.get(i).name(), m.get(0),
          m.get(i));
      if (d != null) {
        return d;
      }
    }
    if (q.storageOrder()) {
      int a = m.get(parquet - 1).rows().size();
      int b = m.get(parquet).rows().size();
      return a == b ? null : "duckdb vs parquet: " + a + " rows vs " + b;
    }
    return difference("duckdb vs parquet", m.get(parquet - 1), m.get(parquet));
  }

  private static String difference(String what, Measurement a, Measurement b) {
    String d = ResultRows.difference(a.rows(), b.rows());
    return d == null ? null : what + ": " + d;
  }
}
