/**
 * Spark column vectors over kdb+ columns: heap arrays filled in bulk from the storage layer's
 * primitive reads, a batch at a time, with kdb+ null sentinels turned into Spark nulls and kdb+
 * encodings into Spark's. No row is boxed, except the items of list columns.
 */
package dev.kdbsql.spark.vector;
