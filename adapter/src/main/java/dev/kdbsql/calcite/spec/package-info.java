/**
 * The contract between the planner and the engine: what one kdb+ table scan does
 * ({@link dev.kdbsql.calcite.spec.ScanSpec}) and its parts (predicates with typed literals,
 * expressions, aggregate calls, grouping and sort keys), as immutable values. The planner
 * ({@code dev.kdbsql.calcite}) builds them from relational expressions; the engine
 * ({@code dev.kdbsql.calcite.exec}) runs them over storage. Nothing here knows Calcite: another
 * front end (the Spark connector) can build the same specs.
 */
package dev.kdbsql.calcite.spec;
