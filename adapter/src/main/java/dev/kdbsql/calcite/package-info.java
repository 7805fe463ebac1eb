/**
 * The Apache Calcite adapter over {@link dev.kdbsql.storage}: a schema per kdb+ database
 * ({@link dev.kdbsql.calcite.KdbSchemaFactory}), one table per kdb+ table, the kdb+ to SQL type
 * mapping, and the planning of queries onto the kdb+ scan.
 *
 * <p>Tables are {@link org.apache.calcite.schema.TranslatableTable}s planned in our own convention
 * ({@link dev.kdbsql.calcite.KdbRel}): {@link dev.kdbsql.calcite.KdbRules} fold partition pruning,
 * projection, column filters, aggregates, top-N and {@code LIMIT} into the
 * {@link dev.kdbsql.calcite.spec.ScanSpec} of a {@link dev.kdbsql.calcite.KdbTableScan}, whose plan
 * shows all of it, and the engine ({@link dev.kdbsql.calcite.exec}) runs it. Whatever the rules
 * cannot translate stays in Calcite's Enumerable operators, with the same results. The SQL surface
 * for kdb+ users is in {@link dev.kdbsql.calcite.sql}, the as-of join in
 * {@link dev.kdbsql.calcite.asof}.
 */
package dev.kdbsql.calcite;
