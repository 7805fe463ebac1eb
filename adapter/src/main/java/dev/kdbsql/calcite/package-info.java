/**
 * Apache Calcite adapter over {@link dev.kdbsql.storage}: a schema per kdb+ database, one table
 * per kdb+ table, the kdb+ to SQL type mapping, and the kdb-flavoured SQL surface (the parser
 * that accepts {@code date}/{@code time}/{@code first}/{@code last} unquoted, {@code xbar},
 * {@code wavg}, {@code first}/{@code last} aggregates and the as-of join workaround).
 *
 * <p>Tables are {@link org.apache.calcite.schema.TranslatableTable}s planned in our own convention
 * ({@link dev.kdbsql.calcite.KdbRel}): {@link dev.kdbsql.calcite.KdbRules} push partition pruning,
 * projection, column filters, global aggregates and {@code LIMIT} into a
 * {@link dev.kdbsql.calcite.KdbTableScan}, whose plan shows all of it; the scan evaluates filters
 * per partition over the mapped columns into a selection, and rows stream partition by partition.
 * Whatever the rules cannot translate stays in Calcite's Enumerable operators, with the same
 * results.
 */
package dev.kdbsql.calcite;
