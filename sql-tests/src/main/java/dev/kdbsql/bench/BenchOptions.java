package dev.kdbsql.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@link TaqBenchmark}: where the data lives, how much of it, and how to time.
 *
 * @param dir the working directory: {@code kdb/} (the kdb+ database), {@code taq.duckdb},
 *     {@code parquet/} and, while loading, {@code csv/}
 * @param trades trade rows in total
 * @param quotesPerTrade quote rows per trade row
 * @param days date partitions
 * @param reuse keep data found in {@code dir} (checked against the sizes) instead of regenerating
 * @param warmup how long each query warms up on each engine before the timed runs: runs repeated
 *     until this much time has passed, at least one (whose rows are compared)
 * @param repeat timed runs per query and engine, after the warm-up
 * @param only the one query to run, or null for the whole suite
 * @param timeout the longest a single run may take before the engine's remaining runs of that
 *     query are skipped
 * @param attributes which kdb+ databases to build and measure: {@code parted} ({@code p#} on sym,
 *     as {@code .Q.dpft} writes), {@code none} (the same rows without attributes, as many real
 *     databases are) or {@code both}
 * @param spelling which spellings of the suite to run: {@code std}, {@code kdb} or {@code both}
 * @param checkUnpushed also run each query once with {@code pushdown=false} (Calcite's own
 *     operators over whole-table scans) and compare its rows with ours
 * @param suite which queries: {@code taq} (the TAQ suite), {@code bi} (the BI suite:
 *     {@link BiSuite}) or {@code all}
 */
record BenchOptions(Path dir, long trades, int quotesPerTrade, int days, boolean reuse,
    Duration warmup, int repeat, String only, Duration timeout, String attributes,
    String spelling, boolean checkUnpushed, String suite) {

  static final String USAGE = "usage: TaqBenchmark <dir> [--trades 2.5m] [--quotes-per-trade 4]"
      + " [--days 20] [--reuse] [--warmup 3s] [--repeat 5] [--only QUERY] [--timeout 120s]"
      + " [--attributes both|parted|none] [--spelling both|std|kdb] [--check-unpushed]"
      + " [--suite taq|bi|all]";

  /** Parses {@code args}; throws {@link IllegalArgumentException} with the usage on a mistake. */
  static BenchOptions parse(String... args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw new IllegalArgumentException(USAGE);
    }
    Path dir = Path.of(args[0]);
    long trades = 2_500_000;
    int qpt = 4;
    int days = 20;
    boolean reuse = false;
    Duration warmup = Duration.ofSeconds(3);
    int repeat = 5;
    String only = null;
    Duration timeout = Duration.ofSeconds(120);
    String attributes = "both";
    String spelling = "both";
    boolean checkUnpushed = false;
    String suite = "taq";
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--reuse")) {
        reuse = true;
        continue;
      }
      if (a.equals("--check-unpushed")) {
        checkUnpushed = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a + "\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--trades" -> trades = parseCount(v);
        case "--quotes-per-trade" -> qpt = Integer.parseInt(v);
        case "--days" -> days = Integer.parseInt(v);
        case "--warmup" -> warmup = parseDuration(v);
        case "--repeat" -> repeat = Integer.parseInt(v);
        case "--only" -> only = v;
        case "--timeout" -> timeout = parseDuration(v);
        case "--attributes" -> attributes = choice(v, "both", "parted", "none");
        case "--spelling" -> spelling = choice(v, "both", "std", "kdb");
        case "--suite" -> suite = choice(v, "taq", "bi", "all");
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (trades < days || qpt < 1 || days < 1 || repeat < 1 || warmup.isNegative()) {
      throw new IllegalArgumentException("sizes and --repeat must be positive, and --trades at"
          + " least --days\n" + USAGE);
    }
    return new BenchOptions(dir, trades, qpt, days, reuse, warmup, repeat, only, timeout,
        attributes, spelling, checkUnpushed, suite);
  }

  private static String choice(String v, String... allowed) {
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + v + "' is not one of " + String.join(", ", allowed)
        + "\n" + USAGE);
  }

  /** Whether the database with {@code p#} on sym is built and measured. */
  boolean parted() {
    return !attributes.equals("none");
  }

  /** Whether the database without attributes is built and measured. */
  boolean plain() {
    return !attributes.equals("parted");
  }

  /** Whether queries of {@code spelling} ({@link TaqQuery#spelling}) are run. */
  boolean runs(String querySpelling) {
    return spelling.equals("both") || spelling.equals(querySpelling);
  }

  /** A count such as {@code 20000}, {@code 20k}, {@code 2.5m} or {@code 1b}. */
  static long parseCount(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
    double mult = v.endsWith("k") ? 1e3 : v.endsWith("m") ? 1e6 : v.endsWith("b") ? 1e9 : 1;
    String digits = mult == 1 ? v : v.substring(0, v.length() - 1);
    return Math.round(Double.parseDouble(digits) * mult);
  }

  /** A duration in seconds, with an optional {@code s} or {@code m} suffix. */
  static Duration parseDuration(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
  }

  /** The kdb+ database, {@code p#} on the partitions' sym columns. */
  Path kdbDir() {
    return dir.resolve("kdb");
  }

  /** The same rows without any attribute. */
  Path plainDir() {
    return dir.resolve("kdb-plain");
  }

  /** The DuckDB database file holding the same rows as native tables. */
  Path duckFile() {
    return dir.resolve("taq.duckdb");
  }

  /** The Parquet files, one directory per table, partitioned by date. */
  Path parquetDir() {
    return dir.resolve("parquet");
  }

  /** Staging CSV files, deleted once DuckDB has loaded them. */
  Path csvDir() {
    return dir.resolve("csv");
  }
}
