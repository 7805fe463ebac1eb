/**
 * Measures kdbsql side by side with DuckDB on the same TAQ-like data: {@link
 * dev.kdbsql.bench.TaqBenchmark} times a query suite on our driver, on a DuckDB table and on
 * DuckDB over Parquet, and checks the three agree; {@link dev.kdbsql.bench.ColumnScanBenchmark}
 * (JMH) measures raw column scans through our storage API against a plain loop over the mapped
 * file. Speed is measured here, never in timed unit tests.
 */
package dev.kdbsql.bench;
