/**
 * The executor side of the kdb+ Spark connector: input partitions (row ranges of partition
 * directories), the reader factory and the columnar reader, and the per-JVM cache of open
 * databases that lets the tasks of one scan share a discovery and the symbol domains.
 */
package dev.kdbsql.spark.read;
