package dev.kdbsql.bench;

/**
 * One query of the suite, as text per dialect: ours (kdb-flavoured Calcite SQL over {@code
 * jdbc:kdb:}) and DuckDB's (used for both the native tables and the Parquet views).
 *
 * @param name short name for the report and {@code --only}
 * @param ours the text our driver runs
 * @param duckdb the text DuckDB runs; it returns the same rows as {@code ours}
 */
record TaqQuery(String name, String ours, String duckdb) {

  /** A query whose text both engines accept. */
  static TaqQuery same(String name, String sql) {
    return new TaqQuery(name, sql, sql);
  }
}
