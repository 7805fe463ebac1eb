package dev.kdbsql.bench;

/**
 * One query of the suite, as text per dialect: ours (over {@code jdbc:kdb:}) and DuckDB's (used
 * for both the native tables and the Parquet views).
 *
 * @param name short name for the report and {@code --only}
 * @param spelling {@link #STANDARD} (standard SQL as BI tools write it: {@code "date"} and
 *     {@code "time"} quoted, no kdb+ function) or {@link #KDB} (the kdb+ user's: {@code date} and
 *     {@code time} unquoted, {@code xbar}, {@code wavg}, {@code first}/{@code last}, as-of join)
 * @param ours the text our driver runs
 * @param duckdb the text DuckDB runs; it returns the same rows as {@code ours}
 * @param storageOrder the query has no ORDER BY and relies on storage order, which our driver and
 *     DuckDB's table keep but a parallel Parquet scan does not: Parquet's rows are then compared
 *     by count only
 * @param anyRows the query may return any rows of a larger result ({@code LIMIT} without an
 *     order over a join, whose order no engine promises): every engine's rows are compared by
 *     their count only
 */
record TaqQuery(String name, String spelling, String ours, String duckdb, boolean storageOrder,
    boolean anyRows) {
  /** Standard SQL. */
  static final String STANDARD = "std";
  /** The kdb+ spelling. */
  static final String KDB = "kdb";

  /** An ordered query with a text per dialect. */
  TaqQuery(String name, String spelling, String ours, String duckdb) {
    this(name, spelling, ours, duckdb, false, false);
  }

  /** A query with a text per dialect, relying on storage order or not. */
  TaqQuery(String name, String spelling, String ours, String duckdb, boolean storageOrder) {
    this(name, spelling, ours, duckdb, storageOrder, false);
  }

  /** An ordered query whose text both engines accept. */
  static TaqQuery same(String name, String spelling, String sql) {
    return new TaqQuery(name, spelling, sql, sql);
  }

  /** The name and spelling, as the report shows them. */
  String label() {
    return name + " (" + spelling + ")";
  }
}
