/**
 * Spark DataSource V2 over kdb+ databases on disk ({@code spark.read.format("kdb")}): the data
 * source, the table, the scan builder that takes Spark's pushdowns (partition pruning, columns, a
 * limit, header aggregates) and the scans. The executor side is in
 * {@link dev.kdbsql.spark.read}, the column vectors in {@link dev.kdbsql.spark.vector}. Only the
 * storage layer of the adapter is used.
 */
package dev.kdbsql.spark;
