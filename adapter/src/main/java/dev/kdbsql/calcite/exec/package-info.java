/**
 * The engine: runs a {@link dev.kdbsql.calcite.spec.ScanSpec} over a storage table
 * ({@link dev.kdbsql.calcite.exec.ScanExecutor}) in primitive loops over blocks of memory-mapped
 * columns: filters into a {@link dev.kdbsql.calcite.exec.Selection}, rows streamed in storage
 * order, aggregates per slice merged in slice order, top-N with a bound shared by the slices, the
 * as-of join's sorted index, the hash join's bounded build side and the key filter it hands its
 * probe scan ({@link dev.kdbsql.calcite.exec.HashJoinRuntime}), on up to a query's thread cap
 * ({@link dev.kdbsql.calcite.exec.SliceRunner}). Values come out as Calcite's generated code
 * holds them ({@link dev.kdbsql.calcite.exec.CalciteValues}), so a pushed query answers exactly
 * as Calcite's own operators would.
 *
 * <p>It knows Calcite's runtime types ({@code DataContext}, {@code linq4j}) and nothing of its
 * planner, nor of the adapter that plans for it; an architecture test keeps it so.
 */
package dev.kdbsql.calcite.exec;
