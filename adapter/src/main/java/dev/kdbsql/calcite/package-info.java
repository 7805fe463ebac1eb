/**
 * Apache Calcite adapter over {@link dev.kdbsql.storage}: a schema per kdb+ database, one table
 * per kdb+ table, the kdb+ to SQL type mapping, and the kdb-flavoured SQL surface (the parser
 * that accepts {@code date}/{@code time}/{@code first}/{@code last} unquoted, {@code xbar},
 * {@code wavg}, {@code first}/{@code last} aggregates and the as-of join workaround).
 *
 * <p>Tables are {@link org.apache.calcite.schema.ProjectableFilterableTable}s: they read only the
 * projected columns, prune partitions from simple predicates on the virtual partition column and
 * stream rows partition by partition. A later convention of our own (vectorized filters and
 * aggregates) replaces the scan without changing the schema, the type mapping or the readers.
 */
package dev.kdbsql.calcite;
